using System.Net;
using System.Text.RegularExpressions;
using DesignBot.Core.Messages;
using DesignBot.Host.ReviewPages;
using DesignBot.Testing;
using Markdig;

namespace DesignBot.Host.Tests;

/// <summary>The page and the Markdown file are two renderings of one document: the same content, each escaped for its format.</summary>
public class DesignDocumentRenderersTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    // What a reader of the page sees: the text between the tags, entities decoded.
    private static string PageText(string html) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<style>.*?</style>", "", RegexOptions.Singleline), "<[^>]+>", "\n"));

    private static string MarkdownText(string markdown) => Markdig.Markdown.ToPlainText(markdown, Gfm).Replace('\u00A0', ' ');

    [Fact]
    public void Both_renderers_show_every_answer_with_its_author()
    {
        var (review, typed) = SampleReview.FullyAnswered("URL shortener");
        var document = ReviewDocument.Build(review, SampleReview.Links);
        var html = DesignDocumentHtml.Render(document);
        var markdown = DesignDocument.Markdown(document);

        // Every answer twice: in the section its question feeds, and in the transcript appendix.
        var answers = document.Sections.SelectMany(s => s.Parts).OfType<DocumentQuestion>().SelectMany(q => q.Answers).ToList();
        Assert.Equal(2 * typed.Count, answers.Count);
        foreach (var a in answers)
        {
            // The answer, then its author, in one quote on the page; the author's line, then the answer quoted, in Markdown.
            Assert.Contains($"<blockquote><p>{WebUtility.HtmlEncode(a.Text)}</p><footer>{WebUtility.HtmlEncode(a.Author)} · {a.SentAt}</footer></blockquote>", html);
            Assert.Matches($"\\*\\*{Regex.Escape(a.Author)}\\*\\* · {Regex.Escape(a.SentAt)}\\n\\n> ", markdown);
        }
        var pageText = PageText(html);
        var markdownText = MarkdownText(markdown);
        foreach (var (author, text) in typed)
        {
            Assert.Contains(text, pageText);
            Assert.Contains(text, markdownText);
        }
    }

    [Fact]
    public void Both_renderers_show_the_same_content()
    {
        var (review, _) = SampleReview.FullyAnswered("Photos <beta> & co");
        var document = ReviewDocument.Build(review, SampleReview.Links);
        var pageText = PageText(DesignDocumentHtml.Render(document));
        var markdownText = MarkdownText(DesignDocument.Markdown(document));

        foreach (var text in Strings(document))
        {
            Assert.Contains(text, pageText);
            Assert.Contains(text, markdownText);
        }
        Assert.Contains("231 writes/s", pageText); // the sizing arithmetic is part of the content
    }

    [Fact]
    public void The_page_escapes_everything_members_typed()
    {
        var review = SampleReview.With("<script>alert('title')</script>", [
            ("scope", 0, "<img src=x onerror=alert(1)>", "</p></blockquote><script>alert(1)</script>"),
            ("data-model", 0, "bob", "Album<Photo> has many Photo; GET /photos?cursor=<cursor>"),
        ]);
        var html = DesignDocumentHtml.Render(ReviewDocument.Build(review, SampleReview.Links));

        // The only scripts are the host's own files.
        Assert.Equal(["/reviews/assets/review.js"], Regex.Matches(html, "<script[^>]*>", RegexOptions.IgnoreCase).Select(m => Regex.Match(m.Value, "src=\"([^\"]+)\"").Groups[1].Value));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;/p&gt;&lt;/blockquote&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("Album&lt;Photo&gt; has many Photo; GET /photos?cursor=&lt;cursor&gt;", html);
        Assert.Equal(4, Regex.Matches(html, "<blockquote>").Count); // each answer in its section and in the transcript
    }

    [Fact]
    public void The_page_draws_the_architecture_with_the_hosts_own_scripts_and_prints_clean()
    {
        var review = SampleReview.With("Photos", [("high-level", 0, "alice", "Client -> API <gateway> -> Photo service\n```\nSELECT 1 -- <b>\n```")]);
        var html = DesignDocumentHtml.Render(ReviewDocument.Build(review, SampleReview.Links));

        // The flowchart's source, HTML-escaped, in the architecture section (the summary card links to #architecture).
        Assert.Contains("<section id=\"architecture\"><h2>Architecture</h2><figure class=\"diagram\"><pre class=\"mermaid\">flowchart LR\n  n1[&quot;Client&quot;]\n  n2[&quot;API #60;gateway#62;&quot;]\n  n3[&quot;Photo service&quot;]\n  n1 --&gt; n2\n  n2 --&gt; n3\n</pre>", html);
        Assert.Equal(["/reviews/assets/mermaid.min.js", "/reviews/assets/review.js"], Regex.Matches(html, "<script src=\"([^\"]+)\" defer></script>").Select(m => m.Groups[1].Value));
        // Code a member fenced is a code block.
        Assert.Contains("<pre><code>SELECT 1 -- &lt;b&gt;</code></pre>", html);
        // Every section has its anchor, listed in the navigation.
        foreach (var anchor in new[] { "summary", "context", "architecture", "decisions", "open-questions", "transcript" })
        {
            Assert.Contains($"<section id=\"{anchor}\">", html);
            Assert.Contains($"<a href=\"#{anchor}\">", html);
        }
        // Printing leaves out the navigation and buttons, starts each section on a page, keeps tables and the diagram whole.
        var print = html[html.IndexOf("@media print{", StringComparison.Ordinal)..html.IndexOf("</style>", StringComparison.Ordinal)];
        Assert.Contains("nav,button{display:none}", print);
        Assert.Contains("section{break-before:page}", print);
        Assert.Contains("thead{display:table-header-group}", print);
        Assert.Contains(".diagram svg{max-width:100%", print);
    }

    private static IEnumerable<string> Strings(ReviewDocument document)
    {
        yield return document.Title;
        foreach (var fact in document.Facts)
        {
            yield return fact.Label;
            yield return fact.Value;
        }
        foreach (var link in document.Links)
            yield return link.Text;
        foreach (var section in document.Sections)
        {
            yield return section.Heading;
            foreach (var part in section.Parts)
            {
                var texts = part switch
                {
                    DocumentParagraph p => [p.Text],
                    DocumentHeading h => [h.Text],
                    DocumentQuestion q => [q.Heading, .. q.OpenNote is null ? [] : new[] { q.OpenNote }, .. q.Answers.SelectMany(a => new[] { a.Author, a.SentAt, a.Text })],
                    DocumentTable t => [.. t.Columns, .. t.Rows.SelectMany(r => r)],
                    DocumentFacts f => f.Facts.SelectMany(x => new[] { x.Label, x.Value }),
                    DocumentDiagram d => [d.Description],
                    DocumentList l => l.Items,
                    _ => throw new InvalidOperationException($"A part the test does not know: {part}"),
                };
                foreach (var text in texts)
                    yield return text;
            }
        }
    }
}
