using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Testing;
using Markdig;
using static DesignBot.Core.Tests.Sizing.SizingScenario;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>The sizing thread's estimate message and the design document: every figure with its arithmetic, every value with its author.</summary>
public class SizingMessageTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    // Photo sharing behind a CDN, with a conflict on the text size and a size kept as text.
    private static ReviewView Photos() => new(TemplateLoader.Default, State(), Answers(
        ("dau", "bob", "10M"), ("writes-per-user", "bob", "2"), ("read-write-ratio", "carol", "100:1"),
        ("text-size", "bob", "2 KB"), ("text-size", "carol", "1 KB"), ("media-size", "bob", "originals 2 MB, thumbnails 50 KB"),
        ("media-share", "carol", "100%"), ("retention", "alice", "5 years"), ("peak-factor", "bob", "3x"),
        ("read-mix", "carol", "thumbnails 90%, originals 10%"), ("cdn-hit-ratio", "bob", "95%"), ("regions", "carol", "60% EU, 40% US"),
        ("text-size", "dave", "1e7")));

    [Fact]
    public void The_estimate_message_shows_each_input_every_figure_with_its_arithmetic_the_questions_and_the_rules()
    {
        var review = Photos();
        var estimate = review.Sizing();
        var text = ChatSimulator.AllText(ReviewMessages.SizingEstimate(estimate));

        Assert.Contains("Text size per write: 1 KB (carol, latest) — bob said 2 KB", text);
        Assert.Contains("Media size (originals): 2 MB (bob)", text);
        Assert.Contains("CDN hit ratio: 95% (bob)", text);
        Assert.Contains("Replication: 3x (default)", text);
        Assert.All(estimate.Figures, f => Assert.Contains($"{f.Name} | {f.Display} | {f.Arithmetic}", text));
        Assert.Contains("69,444 reads/s × 13.3 KB ≈ 920 MB/s (7.36 Gbit/s)", text); // peak origin egress
        Assert.Contains("60% × 17.1 GB/s (137 Gbit/s) ≈ 10.3 GB/s (82 Gbit/s)", text); // peak egress in the EU
        Assert.Contains("Questions for the detailed design:", text);
        Assert.Contains("Kept as text, not used:", text);
        Assert.Contains("1e7 what — bytes, KB, MB or GB?", text);
        Assert.Contains(Core.Sizing.SizingEstimate.Rules, text);
    }

    [Fact]
    public void The_document_shows_every_value_every_figure_and_its_arithmetic()
    {
        var review = Photos();
        var estimate = review.Sizing();
        var markdown = DesignDocument.Markdown(review, SampleReview.Links);
        var text = Markdown.ToPlainText(markdown, Gfm).Replace('\u00A0', ' ');

        Assert.Contains("Text size per write: 1 KB (carol, latest) — bob said 2 KB", text);
        foreach (var figure in estimate.Figures)
        {
            Assert.Contains(figure.Display, text);
            Assert.Contains(figure.Arithmetic, text);
        }
        foreach (var note in estimate.Notes)
            Assert.Contains(note, text);
        Assert.Contains("1e7 what — bytes, KB, MB or GB?", text);
        Assert.Contains("a year 365 days and a month a twelfth of it", text);
        // Every member's reply is in the document under its question, the one not used as well.
        Assert.Contains("2 KB", text);
        Assert.Contains("1e7", text);
    }

    [Fact]
    public void Missing_inputs_are_named_and_no_figure_is_guessed()
    {
        var review = new ReviewView(TemplateLoader.Default, State(), Answers(("dau", "bob", "10M")));
        var text = ChatSimulator.AllText(ReviewMessages.SizingEstimate(review.Sizing()));
        Assert.Contains("Missing, so not estimated: writes per user per day, read:write ratio, average text size per write, retention, peak factor.", text);
        Assert.DoesNotContain("writes/s", text);
    }
}
