using System.Net;
using System.Text;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Host.ReviewPages;

/// <summary>The design document as a web page. Everything users typed is HTML-escaped.</summary>
public static class DesignDocumentHtml
{
    public static string Render(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(s.Title)).Append(" — design review</title><style>").Append(Css).Append("</style></head><body><main>");
        html.Append("<h1>").Append(E(s.Title)).Append("</h1>");
        html.Append("<dl class=\"meta\">");
        Meta(html, "Owner", s.Owner.Name);
        Meta(html, "Participants", string.Join(", ", review.Participants()));
        Meta(html, "Started", ReviewMessagesDate(s.CreatedAt));
        if (s.FinishedAt is { } finished)
            Meta(html, "Finished", ReviewMessagesDate(finished));
        Meta(html, "Status", s.Status.ToString());
        Meta(html, "Progress", ReviewMessages.ProgressLine(review.Progress()));
        html.Append("</dl><p><a href=\"").Append(E(links.Markdown)).Append("\">Download as Markdown</a></p>");

        foreach (var step in review.Template.Steps)
        {
            html.Append("<section><h2>").Append(review.Template.StepNumber(step.Id)).Append(". ").Append(E(step.Title)).Append("</h2>");
            html.Append("<p class=\"purpose\">").Append(E(step.Purpose)).Append("</p>");
            for (var i = 0; i < step.Questions.Count; i++)
            {
                html.Append("<h3>Q").Append(i + 1).Append(". ").Append(E(step.Questions[i].Prompt)).Append("</h3>");
                var answers = review.AnswersTo(step.Id, i);
                if (answers.Count == 0)
                {
                    var skipped = s.Session(step.Id).Dialog.Skipped.Contains(i);
                    html.Append("<p class=\"open\">").Append(skipped ? "Skipped — open item." : "No answer yet — open item.").Append("</p>");
                }
                foreach (var a in answers)
                {
                    html.Append("<blockquote><p>").Append(E(a.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p><footer>")
                        .Append(E(a.Author.Name)).Append(" · ").Append(ReviewMessagesDate(a.SentAt)).Append(a.EditedAt is null ? "" : " (edited)")
                        .Append("</footer></blockquote>");
                }
            }
            if (step.Id == "sizing")
                Sizing(html, review);
            html.Append("</section>");
        }

        var open = review.OpenItems();
        html.Append("<section><h2>Open items</h2>");
        if (open.Count == 0)
            html.Append("<p>None — every question has an answer.</p>");
        else
            html.Append("<ul>").AppendJoin("", open.Select(o => $"<li>{E(o)}</li>")).Append("</ul>");
        html.Append("</section></main></body></html>");
        return html.ToString();
    }

    private static void Sizing(StringBuilder html, ReviewView review)
    {
        var estimate = review.Sizing();
        html.Append("<h3>Estimate</h3>");
        if (estimate.Figures.Count > 0)
        {
            html.Append("<table><thead><tr><th>Figure</th><th>Value</th><th>Arithmetic</th></tr></thead><tbody>");
            foreach (var f in estimate.Figures)
                html.Append("<tr><td>").Append(E(f.Name)).Append("</td><td>").Append(E(f.Display)).Append("</td><td>").Append(E(f.Arithmetic)).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        if (estimate.Missing.Count > 0)
            html.Append("<p class=\"open\">Missing inputs, so not estimated: ").Append(E(string.Join(", ", estimate.Missing))).Append(".</p>");
    }

    private static void Meta(StringBuilder html, string label, string value) =>
        html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static string ReviewMessagesDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

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
