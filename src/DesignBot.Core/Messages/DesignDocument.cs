using System.Text;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Messages;

/// <summary>The full design document in Markdown: every step, every answer with its author, sizing, open items.</summary>
public static class DesignDocument
{
    public static string Markdown(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Escape(s.Title)).AppendLine();
        md.AppendLine($"- **Owner:** {Escape(s.Owner.Name)}");
        md.AppendLine($"- **Participants:** {Escape(string.Join(", ", review.Participants()))}");
        md.AppendLine($"- **Started:** {ReviewMessages.Date(s.CreatedAt)}");
        if (s.FinishedAt is { } finished)
            md.AppendLine($"- **Finished:** {ReviewMessages.Date(finished)}");
        md.AppendLine($"- **Status:** {s.Status}");
        md.AppendLine($"- **Progress:** {ReviewMessages.ProgressLine(review.Progress())}");
        md.AppendLine($"- **Web page:** {links.Page}").AppendLine();

        foreach (var step in review.Template.Steps)
        {
            md.AppendLine($"## {review.Template.StepNumber(step.Id)}. {step.Title}").AppendLine();
            md.AppendLine($"_{step.Purpose}_").AppendLine();
            for (var i = 0; i < step.Questions.Count; i++)
            {
                md.AppendLine($"### Q{i + 1}. {step.Questions[i].Prompt}").AppendLine();
                var answers = review.AnswersTo(step.Id, i);
                if (answers.Count == 0)
                    md.AppendLine(s.Session(step.Id).Dialog.Skipped.Contains(i) ? "_Skipped — open item._" : "_No answer yet — open item._").AppendLine();
                foreach (var a in answers)
                {
                    md.AppendLine($"**{Escape(a.Author.Name)}** · {ReviewMessages.Date(a.SentAt)}{(a.EditedAt is null ? "" : " (edited)")}").AppendLine();
                    foreach (var line in a.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
                        md.Append("> ").AppendLine(line);
                    md.AppendLine();
                }
            }
            if (step.Id == "sizing")
                AppendSizing(md, review);
        }

        var open = review.OpenItems();
        md.AppendLine("## Open items").AppendLine();
        if (open.Count == 0)
            md.AppendLine("None — every question has an answer.");
        foreach (var item in open)
            md.Append("- ").AppendLine(Escape(item));
        return md.ToString();
    }

    private static void AppendSizing(StringBuilder md, ReviewView review)
    {
        var estimate = review.Sizing();
        md.AppendLine("### Estimate").AppendLine();
        if (estimate.Figures.Count > 0)
        {
            md.AppendLine("| Figure | Value | Arithmetic |").AppendLine("| --- | --- | --- |");
            foreach (var f in estimate.Figures)
                md.AppendLine($"| {Cell(f.Name)} | {Cell(f.Display)} | {Cell(f.Arithmetic)} |");
            md.AppendLine();
        }
        if (estimate.Missing.Count > 0)
            md.AppendLine($"Missing inputs, so not estimated: {string.Join(", ", estimate.Missing)}.").AppendLine();
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal);

    // Headings and list items must not be turned into other Markdown by what users typed.
    private static string Escape(string text) => text.Replace("\n", " ", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}
