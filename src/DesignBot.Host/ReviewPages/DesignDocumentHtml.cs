using System.Net;
using System.Text;
using DesignBot.Core.Messages;

namespace DesignBot.Host.ReviewPages;

/// <summary>
/// The design document as a web page: the <see cref="ReviewDocument"/> rendered, everything in it HTML-escaped. Its only
/// scripts are the host's own static files (<see cref="ReviewAssets"/>): Mermaid draws the architecture picture as SVG.
/// A print stylesheet makes a clean PDF from the browser (no navigation or buttons, a page per section, tables readable).
/// </summary>
public static class DesignDocumentHtml
{
    public static string Render(ReviewDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(document.Title)).Append(" — design document</title><style>").Append(Css).Append("</style>");
        if (document.Sections.Any(s => s.Parts.OfType<DocumentDiagram>().Any()))
            html.Append("<script src=\"").Append(ReviewAssets.MermaidPath).Append("\" defer></script>");
        html.Append("<script src=\"").Append(ReviewAssets.PagePath).Append("\" defer></script></head><body>");
        html.Append("<nav aria-label=\"Sections\"><ol>")
            .AppendJoin("", document.Sections.Select(s => $"<li><a href=\"#{E(s.Anchor)}\">{E(s.Heading)}</a></li>"))
            .Append("</ol><p class=\"links\">")
            .AppendJoin(" · ", document.Links.Select(l => $"<a href=\"{E(l.Url)}\">{E(l.Text)}</a>"))
            .Append("</p><button type=\"button\" id=\"print\">Print or save as PDF</button></nav><main>");
        html.Append("<h1>").Append(E(document.Title)).Append("</h1>");
        foreach (var section in document.Sections)
        {
            html.Append("<section id=\"").Append(E(section.Anchor)).Append("\"><h2>").Append(E(section.Heading)).Append("</h2>");
            foreach (var part in section.Parts)
                Part(html, part);
            html.Append("</section>");
        }
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void Part(StringBuilder html, DocumentPart part)
    {
        switch (part)
        {
            case DocumentParagraph p:
                html.Append(p.Kind switch { ParagraphKind.Purpose => "<p class=\"purpose\">", ParagraphKind.Open => "<p class=\"open\">", _ => "<p>" })
                    .Append(E(p.Text)).Append("</p>");
                break;
            case DocumentHeading h:
                html.Append("<h3>").Append(E(h.Text)).Append("</h3>");
                break;
            case DocumentFacts f:
                html.Append("<dl class=\"meta\">");
                foreach (var fact in f.Facts)
                    html.Append("<dt>").Append(E(fact.Label)).Append("</dt><dd>").Append(E(fact.Value)).Append("</dd>");
                html.Append("</dl>");
                break;
            case DocumentQuestion q:
                var level = Math.Clamp(q.Level, 3, 6);
                html.Append($"<h{level}>").Append(E(q.Heading)).Append($"</h{level}>");
                if (q.OpenNote is { } open)
                    html.Append("<p class=\"open\">").Append(E(open)).Append("</p>");
                foreach (var a in q.Answers)
                {
                    html.Append("<blockquote>");
                    Runs(html, a.Runs);
                    html.Append("<footer>").Append(E(a.Author)).Append(" · ").Append(E(a.SentAt)).Append(a.Edited ? " (edited)" : "")
                        .Append(a.Label is { } label ? $" · <em>{E(label)}</em>" : "")
                        .Append("</footer></blockquote>");
                }
                break;
            case DocumentDiagram d:
                // Mermaid reads the block's text (decoded once by the browser) and replaces it with the drawing.
                html.Append("<figure class=\"diagram\"><pre class=\"mermaid\">").Append(E(d.Mermaid)).Append("</pre><figcaption>")
                    .Append(E(d.Description)).Append("</figcaption></figure>");
                break;
            case DocumentTable t:
                html.Append("<table><thead><tr>").AppendJoin("", t.Columns.Select(c => $"<th>{E(c)}</th>")).Append("</tr></thead><tbody>");
                foreach (var row in t.Rows)
                    html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).Append("</tr>");
                html.Append("</tbody></table>");
                break;
            case DocumentList l:
                html.Append("<ul>").AppendJoin("", l.Items.Select(i => $"<li>{E(i)}</li>")).Append("</ul>");
                break;
        }
    }

    // Prose keeps the member's line breaks; fenced code is a code block, its language a class name of letters only.
    private static void Runs(StringBuilder html, IReadOnlyList<TextRun> runs)
    {
        foreach (var run in runs)
        {
            if (run.IsCode)
                html.Append("<pre><code").Append(run.Info.Length > 0 ? $" class=\"language-{E(run.Info)}\"" : "").Append('>').Append(E(run.Text)).Append("</code></pre>");
            else if (run.Text.Length > 0 || runs.Count == 1)
                html.Append("<p>").Append(E(run.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d1c1d}
        nav{max-width:860px;margin:0 auto;padding:12px 24px 0;font-size:.9rem}nav ol{display:flex;flex-wrap:wrap;gap:4px 14px;margin:0;padding:0;list-style:none}
        nav a{color:#1264a3}nav .links{margin:8px 0}nav button{font:inherit;padding:4px 10px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
        main{max-width:860px;margin:0 auto;padding:24px 24px 32px;background:#fff;min-height:100vh}
        h1{margin-top:0}h2{border-bottom:1px solid #e3e3e3;padding-bottom:4px;margin-top:36px}h3,h4{font-size:1rem;margin-bottom:6px}
        .meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}.meta dt{font-weight:600}.meta dd{margin:0}
        .purpose{color:#616061;font-style:italic}.open{color:#a15c00}
        blockquote{margin:6px 0 12px;padding:8px 12px;border-left:3px solid #1264a3;background:#f8fafc}
        blockquote p{margin:0 0 4px;white-space:normal}blockquote footer{color:#616061;font-size:.85rem}
        pre{overflow-x:auto;background:#f3f3f3;padding:8px;border-radius:4px}blockquote pre{margin:4px 0}
        .diagram{margin:12px 0}.diagram pre.mermaid{background:none;text-align:center}.diagram figcaption{color:#616061;font-size:.85rem;text-align:center}
        .diagram svg{max-width:100%;height:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}
        @media print{
          @page{margin:18mm 16mm}
          body{background:#fff;color:#000;font-size:11pt}
          nav,button{display:none}
          main{max-width:none;padding:0;min-height:0}
          section{break-before:page}section:first-of-type{break-before:auto}
          h2,h3,h4{break-after:avoid}
          blockquote,figure,.diagram,tr{break-inside:avoid}
          blockquote{background:none;border-left-color:#888}
          table{font-size:9pt}thead{display:table-header-group}td,th{word-break:break-word}
          pre{white-space:pre-wrap;background:none;border:1px solid #ccc}
          .diagram svg{max-width:100%;max-height:240mm}
          a{color:inherit;text-decoration:none}
        }
        """;
}
