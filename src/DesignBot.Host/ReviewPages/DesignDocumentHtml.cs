using System.Net;
using System.Text;
using DesignBot.Core.Messages;

namespace DesignBot.Host.ReviewPages;

/// <summary>The design document as a web page: the <see cref="ReviewDocument"/> rendered, everything in it HTML-escaped.</summary>
public static class DesignDocumentHtml
{
    public static string Render(ReviewDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(document.Title)).Append(" — design review</title><style>").Append(Css).Append("</style></head><body><main>");
        html.Append("<h1>").Append(E(document.Title)).Append("</h1>");
        html.Append("<dl class=\"meta\">");
        foreach (var fact in document.Facts)
            html.Append("<dt>").Append(E(fact.Label)).Append("</dt><dd>").Append(E(fact.Value)).Append("</dd>");
        html.Append("</dl><p class=\"links\">")
            .AppendJoin(" · ", document.Links.Select(l => $"<a href=\"{E(l.Url)}\">{E(l.Text)}</a>"))
            .Append("</p>");

        foreach (var section in document.Sections)
        {
            html.Append("<section><h2>").Append(E(section.Heading)).Append("</h2>");
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
            case DocumentQuestion q:
                html.Append("<h3>").Append(E(q.Heading)).Append("</h3>");
                if (q.OpenNote is { } open)
                    html.Append("<p class=\"open\">").Append(E(open)).Append("</p>");
                foreach (var a in q.Answers)
                {
                    html.Append("<blockquote><p>").Append(E(a.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p><footer>")
                        .Append(E(a.Author)).Append(" · ").Append(E(a.SentAt)).Append(a.Edited ? " (edited)" : "")
                        .Append(a.Label is { } label ? $" · <em>{E(label)}</em>" : "")
                        .Append("</footer></blockquote>");
                }
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

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d1c1d}
        main{max-width:860px;margin:0 auto;padding:32px 24px;background:#fff;min-height:100vh}
        h1{margin-top:0}h2{border-bottom:1px solid #e3e3e3;padding-bottom:4px;margin-top:36px}h3{font-size:1rem;margin-bottom:6px}
        .meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}.meta dt{font-weight:600}.meta dd{margin:0}
        .purpose{color:#616061;font-style:italic}.open{color:#a15c00}
        blockquote{margin:6px 0 12px;padding:8px 12px;border-left:3px solid #1264a3;background:#f8fafc}
        blockquote p{margin:0 0 4px;white-space:normal}blockquote footer{color:#616061;font-size:.85rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}
        """;
}
