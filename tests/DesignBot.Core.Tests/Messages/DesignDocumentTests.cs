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
        // The title, the participants, the author's line, the answer and the line of the second answer (titles and
        // answers are stored trimmed).
        Assert.Equal(5, CountOf(text, typed.Trim()));
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
