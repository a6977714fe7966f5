using System.Text.RegularExpressions;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Testing;
using Markdig;

namespace DesignBot.Core.Tests.Messages;

/// <summary>
/// A review whose members typed everything that means something to Markdown or HTML, exported, then rendered with
/// Markdig's default (CommonMark) and advanced (GitHub-like extensions) pipelines: nothing they typed becomes an element
/// or an attribute, and what they typed is there to read.
/// </summary>
public class HostileReviewTests
{
    public static TheoryData<string> Pipelines => new() { "default", "advanced" };

    private static MarkdownPipeline Pipeline(string name) =>
        name == "advanced" ? new MarkdownPipelineBuilder().UseAdvancedExtensions().Build() : new MarkdownPipelineBuilder().Build();

    public static readonly string[] Hostile =
    [
        "<script>alert(\"xss\")</script> <img src=x onerror=alert(1)>",
        "GET /photos?cursor=<cursor>&limit=50",
        "Album<Photo> has many Photo",
        "[click](javascript:alert(1)) and ![pic](javascript:alert(2)) and [ref]: javascript:alert(3)",
        "first\r# forged heading",
        "first\u2028# forged heading",
        "first\u0085<script>alert(4)</script>",
        "first\u2029> forged quote\r\n- forged list",
        "| a | b |\n| --- | --- |\n| c | d |",
        "`code` and ``two`` backticks",
        "<https://x.example> and https://y.example/path and www.z.example and mailto:m@x.example",
        "~~strike~~ ~sub~ ^sup^ ==mark== ++ins++ \"\"cite\"\" $math$ ::span::",
        "heading {#id .cls onclick=alert(5)}",
        ": a definition",
        "[^1] a footnote\n[^1]: javascript:alert(6)",
        "*[HTML]: abbreviation",
        "<!-- comment --> &lt;b&gt; &#60;i&#62;",
        "trailing spaces  \nnext line",
        "+---+---+\n| a | b |\n+---+---+",
    ];

    private static ReviewView Review()
    {
        var answers = new List<(string, int, string, string)>();
        var sections = new[] { ("scope", 0), ("scope", 1), ("api", 0), ("data-model", 0), ("high-level", 0), ("detailed", 0), ("detailed", 7), ("detailed", 12) };
        for (var i = 0; i < Hostile.Length; i++)
        {
            var (step, question) = sections[i % sections.Length];
            answers.Add((step, question, i == 0 ? "<b>mallory</b>" : "bob", Hostile[i]));
        }
        answers.Add(("high-level", 0, "carol", "Uploads: Client -> API<gateway> -[\"writes\"]-> Photo \"store\" ]; click n1 call alert(7)"));
        return SampleReview.With("<script>alert('title')</script> Photos | `beta`", answers);
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void No_member_text_becomes_an_element_or_attribute(string pipeline)
    {
        var markdown = DesignDocument.Markdown(Review(), SampleReview.Links);
        var html = Markdown.ToHtml(markdown, Pipeline(pipeline));

        // The only elements are those the document itself writes.
        string[] ours = ["h1", "h2", "h3", "h4", "p", "a", "ul", "li", "strong", "em", "blockquote", "br", "table", "thead", "tbody", "tr", "th", "td", "pre", "code", "div", "hr"];
        var elements = Regex.Matches(html, "<([a-zA-Z][a-zA-Z0-9]*)").Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();
        Assert.All(elements, e => Assert.Contains(e, ours));
        // The only links are the document's own three; no attribute comes from member text.
        Assert.Equal(["https://bot.example/reviews/r1?sig=x", "https://bot.example/reviews/r1.md?sig=x"], Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("onerror", Regex.Replace(html, ">[^<]*<", "><"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", Regex.Replace(html, ">[^<]*<", "><"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]* (id|class)=\"(id|cls)\"", html);
        // One h1 (the title), and h2s only for the document's sections: no member line became a heading.
        Assert.Single(Regex.Matches(html, "<h1"));
        Assert.Equal(Review().Template.Sections.Count + 3, Regex.Matches(html, "<h2").Count);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void What_members_typed_is_there_to_read(string pipeline)
    {
        var markdown = DesignDocument.Markdown(Review(), SampleReview.Links);
        var text = Markdown.ToPlainText(markdown, Pipeline(pipeline)).Replace('\u00A0', ' ');
        Assert.Contains("Album<Photo> has many Photo", text);
        Assert.Contains("GET /photos?cursor=<cursor>&limit=50", text);
        Assert.Contains("<script>alert(\"xss\")</script> <img src=x onerror=alert(1)>", text);
        Assert.Contains("[click](javascript:alert(1))", text);
        Assert.Contains("<https://x.example> and https://y.example/path and www.z.example", text);
        Assert.Contains("~~strike~~ ~sub~ ^sup^ ==mark== ++ins++ \"\"cite\"\" $math$ ::span::", text);
        Assert.Contains("<!-- comment --> &lt;b&gt; &#60;i&#62;", text);
        Assert.Contains("<b>mallory</b>", text);
        Assert.Contains("<script>alert('title')</script> Photos | `beta`", text);
        // A bare \r, a line or paragraph separator and NEL are line breaks: the line after them is text, not a heading.
        Assert.Contains("# forged heading", text);
        Assert.Contains("> forged quote", text);
    }

    [Fact]
    public void Code_members_fence_stays_code_with_a_fence_longer_than_any_backticks_inside()
    {
        var review = SampleReview.With("Schema", [("data-model", 0, "bob", "The table:\n```sql\nCREATE TABLE photo (id int); -- ```` four\n<b>not bold</b>\n```\nand after it")]);
        var markdown = DesignDocument.Markdown(review, SampleReview.Links);
        Assert.Contains("> `````sql\n> CREATE TABLE photo (id int); -- ```` four\n> <b>not bold</b>\n> `````\n", markdown);
        var html = Markdown.ToHtml(markdown, Pipeline("advanced"));
        Assert.Contains("<pre><code class=\"language-sql\">CREATE TABLE photo (id int); -- ```` four\n&lt;b&gt;not bold&lt;/b&gt;\n</code></pre>", html);
        Assert.Contains("and after it", html);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_fence_is_text_as_typed()
    {
        var review = SampleReview.With("Schema", [("data-model", 0, "bob", "```\n# not a heading")]);
        var html = Markdown.ToHtml(DesignDocument.Markdown(review, SampleReview.Links), Pipeline("advanced"));
        Assert.DoesNotContain("<pre>", html, StringComparison.Ordinal);
        Assert.Contains("```", Markdown.ToPlainText(DesignDocument.Markdown(review, SampleReview.Links)));
    }

    [Fact]
    public void Every_kind_of_line_break_is_a_line_break_and_none_forges_markup()
    {
        foreach (var separator in new[] { "\r", "\r\n", "\n", "\u2028", "\u2029", "\u0085", "\u000B", "\u000C" })
        {
            Assert.Equal(["first", "# forged"], AnswerText.Lines("first" + separator + "# forged"));
            var review = SampleReview.With("Breaks", [("scope", 0, "bob", "first" + separator + "# forged")]);
            var markdown = DesignDocument.Markdown(review, SampleReview.Links);
            Assert.Contains("> first\\\n> \\# forged\n", markdown);
            Assert.DoesNotContain(separator == "\n" ? "\r" : separator, markdown, StringComparison.Ordinal);
        }
    }
}
