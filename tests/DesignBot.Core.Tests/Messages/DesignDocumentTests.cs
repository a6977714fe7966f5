using DesignBot.Core.Messages;
using DesignBot.Testing;
using Markdig;

namespace DesignBot.Core.Tests.Messages;

/// <summary>The Markdown design document, read back the way a place it is pasted into reads it (CommonMark with GitHub's extensions).</summary>
public class DesignDocumentTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private static string Html(string markdown) => Markdown.ToHtml(markdown, Gfm);

    private static string PlainText(string markdown) => Markdown.ToPlainText(markdown, Gfm).Replace('\u00A0', ' ');

    [Fact]
    public void Every_answer_is_in_the_document_with_its_author()
    {
        var (review, typed) = SampleReview.FullyAnswered("URL shortener");
        var markdown = DesignDocument.Markdown(review, SampleReview.Links);
        var text = PlainText(markdown);
        foreach (var (author, answer) in typed)
            Assert.Contains(answer, text);
        // Each answer is a quote under its author's line, in the order they were given.
        foreach (var a in review.Answers)
            Assert.Contains($"**{a.Author.Name}** · 2026-11-26", markdown);
        Assert.Contains("<table>", Html(markdown)); // the sizing table is a table
        Assert.Contains("231 writes/s", text);
        Assert.Contains("÷ 86,400 s", text); // with its arithmetic
    }

    [Fact]
    public void A_complete_review_is_a_design_document_summary_then_the_templates_sections_then_open_questions_and_the_transcript()
    {
        var (review, _) = SampleReview.FullyAnswered("URL shortener");
        var markdown = DesignDocument.Markdown(review, SampleReview.Links);
        var template = review.Template;

        // Every heading, in order: the document's own around the template's sections.
        string[] expected = ["Summary", .. template.Sections.Select(s => s.Heading), "Open questions", "Appendix: the full transcript"];
        var headings = markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        Assert.Equal(expected, headings);
        Assert.Contains("- **Owner:** alice", markdown);
        Assert.Contains("- **Participants:** alice, bob, carol", markdown);
        Assert.Contains("- **Status:** Active", markdown);
        Assert.Contains("- **Started:** 2026-11-26 09:00 UTC", markdown);

        // Each answer sits in the section its question names, under the question, with its author's line.
        var sections = Sections(markdown);
        foreach (var a in review.Answers)
        {
            var step = template.Step(a.StepId);
            var question = step.Questions[a.QuestionIndex];
            var body = sections[template.Section(question.Section!)!.Heading];
            var at = body.IndexOf("### " + MarkdownText.Inline(question.Prompt), StringComparison.Ordinal);
            Assert.True(at >= 0, $"{question.Id} is under {question.Section}");
            var quoted = string.Join("\n", a.Text.Split('\n').Select((line, i) => "> " + MarkdownText.Line(line)));
            Assert.Contains($"**{a.Author.Name}** · {SampleReview.StartedAt.AddMinutes(review.Answers.ToList().IndexOf(a) + 1):yyyy-MM-dd HH:mm} UTC\n\n{quoted}", body[at..]);
        }
        // The estimate's figures and arithmetic under the section the sizing questions feed; the transcript has every question.
        var estimates = sections[template.Section(template.Steps.First(s => s.Computes.Count > 0).Questions[0].Section!)!.Heading];
        Assert.Contains("### Estimate", estimates);
        Assert.Contains("÷ 86,400 s", estimates);
        var appendix = sections["Appendix: the full transcript"];
        Assert.Equal(template.Steps.Sum(s => s.Questions.Count), appendix.Split('\n').Count(l => l.StartsWith("#### Q", StringComparison.Ordinal)));
        Assert.Equal(review.Answers.Count, CountOf(appendix, "\n> "));
    }

    [Fact]
    public void A_section_nobody_answered_says_so_and_unsectioned_questions_are_in_the_transcript_only()
    {
        var review = SampleReview.With("Feed", [("scope", 0, "bob", "To show a feed")]);
        var sections = Sections(DesignDocument.Markdown(review, SampleReview.Links));
        Assert.Contains("To show a feed", sections["Context and goals"]);
        Assert.Contains("_No answers for this section yet._", sections["Risks and mitigations"]);
        Assert.Contains("_No flows to draw yet", sections["Architecture"]);
        Assert.Contains("To show a feed", sections["Appendix: the full transcript"]);
    }

    [Fact]
    public void Conflicting_figures_are_open_questions()
    {
        var review = SampleReview.With("Photos", [("sizing", 4, "bob", "2 MB"), ("sizing", 4, "carol", "50 KB")]);
        var open = Sections(DesignDocument.Markdown(review, SampleReview.Links))["Open questions"];
        Assert.Contains("### Conflicting figures", open);
        Assert.Contains("50 KB (carol, latest) — bob said 2 MB", open);
    }

    [Fact]
    public void Discussion_and_unread_values_are_in_their_section_labelled()
    {
        var review = SampleReview.With("Photos", [("sizing", 0, "bob", "lots")]);
        var discussion = review.Answers[0] with { Id = "d1", Kind = Core.Reviews.AnswerKind.Discussion, Text = "Do we count bots?", SentAt = review.Answers[0].SentAt.AddMinutes(1) };
        review = new Core.Reviews.ReviewView(review.Template, review.State, [review.Answers[0] with { Kind = Core.Reviews.AnswerKind.Unread }, discussion]);
        var estimates = Sections(DesignDocument.Markdown(review, SampleReview.Links))["Estimates"];
        Assert.Contains("**bob** · 2026-11-26 09:01 UTC · _value not read_\n\n> lots", estimates);
        Assert.Contains("**bob** · 2026-11-26 09:02 UTC · _discussion_\n\n> Do we count bots?", estimates);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Album<Photo> has many Photo")]
    [InlineData("GET /photos?cursor=<cursor>&limit=50")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("a &amp; b &copy; c")]
    [InlineData("# not a heading")]
    [InlineData("1. not a list")]
    [InlineData("2) not a list")]
    [InlineData("- not a list")]
    [InlineData("+ not a list")]
    [InlineData("> not a quote")]
    [InlineData("---")]
    [InlineData("===")]
    [InlineData("```")]
    [InlineData("~~~")]
    [InlineData("    four spaces, not code")]
    [InlineData("**not bold** and _not italic_")]
    [InlineData("[not a link](javascript:alert(1))")]
    [InlineData("`not code` | not a cell")]
    [InlineData(@"C:\data\photos and \<escaped\>")]
    [InlineData("<https://example.com/not-an-autolink>")]
    public void What_members_typed_reads_as_they_typed_it(string typed)
    {
        var markdown = Document(typed);
        var html = Html(markdown);

        // Nothing members typed became markup: the page has exactly the elements of one whose members typed plain words.
        Assert.Equal(Elements(Html(Document("plain words"))), Elements(html));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.Ordinal);

        // And every character of it is there to read: in the title, the author's name, and both answers.
        var text = PlainText(markdown);
        Assert.Contains("bob " + typed, text);
        // The title and the participants once; the author's line, the answer and the line of the second answer in their
        // section and again in the transcript (titles and answers are stored trimmed).
        Assert.Equal(8, CountOf(text, typed.Trim()));
    }

    [Fact]
    public void A_finished_steps_skipped_and_unanswered_questions_are_open_items_and_later_steps_not_reached_yet()
    {
        var started = SampleReview.With("Feed", [("scope", 0, "bob", "To show a feed")]);
        var scope = started.State.Session("scope");
        var scopeDone = started.State.WithSession(scope with { Dialog = scope.Dialog with { Status = Core.Dialogs.DialogStatus.Completed, Skipped = [1] } });
        var review = new Core.Reviews.ReviewView(started.Template, scopeDone, started.Answers);
        var markdown = DesignDocument.Markdown(review, SampleReview.Links);
        var plain = markdown.Replace("\\", "", StringComparison.Ordinal);
        Assert.Contains("_Skipped — open item._", markdown);
        Assert.Contains("_No answer yet — open item._", markdown);
        Assert.Contains("_Not reached yet._", markdown);
        Assert.Contains("Missing inputs, so not estimated:", markdown);
        Assert.Contains("- Scope Q2: Who is our user? (skipped)", plain);
        Assert.Contains("- Scope Q3: What can users do? (unanswered)", plain);
        Assert.DoesNotContain("- API Q1", plain);
        Assert.Contains($"{review.NotReached()} questions not reached yet.", plain);
        Assert.Contains("[Web page](https://bot.example/reviews/r1?sig=x) · [Markdown](https://bot.example/reviews/r1.md?sig=x)", markdown);
    }

    /// <summary>Each `## ` section's text by its heading.</summary>
    private static Dictionary<string, string> Sections(string markdown) =>
        markdown.Split("\n## ").Skip(1).ToDictionary(s => s[..s.IndexOf('\n', StringComparison.Ordinal)], s => s[s.IndexOf('\n', StringComparison.Ordinal)..]);

    private static string Document(string typed) => DesignDocument.Markdown(
        SampleReview.With("Photos " + typed, [("scope", 0, "bob " + typed, typed), ("scope", 1, "carol", "first line\n" + typed + "\nlast line")]),
        SampleReview.Links);

    private static List<string> Elements(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<(/?[a-z0-9]+)").Select(m => m.Groups[1].Value)];

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
