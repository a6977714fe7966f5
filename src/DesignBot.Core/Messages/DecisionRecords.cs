using System.Text;
using System.Text.RegularExpressions;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Core.Text;

namespace DesignBot.Core.Messages;

/// <summary>
/// One architecture decision record (MADR layout): what was decided, why, the options weighed and what it brings.
/// Text in it is plain, as members typed it; <see cref="DecisionRecords.Markdown"/> escapes it.
/// </summary>
public sealed record DecisionRecord(
    int Number,
    string Title,
    string Status,
    string Date,
    string Decider,
    string Context,
    string Recorded,
    IReadOnlyList<string> Options,
    string Chosen,
    string? Reason,
    string? Consequences);

/// <summary>
/// The review's decisions as architecture decision records: one per decision line of every answer to a question that
/// feeds the template's decisions section (the section marked `records: adr`). An answer listing several
/// decisions, one per line (or separated by `;`), gives one record each. A line is read as
/// `[topic:] chosen [over|instead of|rather than|vs alternatives] [because reason] [— introduces consequences]`;
/// what is not said is written as not recorded, never guessed.
/// </summary>
public static partial class DecisionRecords
{
    public static IReadOnlyList<DecisionRecord> From(ReviewView review)
    {
        var records = new List<DecisionRecord>();
        var status = review.State.Status == ReviewStatus.Completed ? "accepted" : "proposed";
        if (review.Template.DecisionRecordsSection is not { } decisions)
            return records;
        foreach (var step in review.Template.Steps)
        {
            for (var i = 0; i < step.Questions.Count; i++)
            {
                if (step.Questions[i].Section != decisions.Id)
                    continue;
                var context = $"{OneLine(step.Questions[i].Prompt)} ({step.ShortTitle} Q{i + 1} of the design review \"{review.State.Title}\")";
                foreach (var answer in review.KeyAnswersTo(step.Id, i))
                {
                    foreach (var line in DecisionLines(answer.Text))
                        records.Add(Read(records.Count + 1, line, status, context, answer));
                }
            }
        }
        return records;
    }

    /// <summary>Every record in one Markdown file, each under its own heading, separated by rules; members' text escaped.</summary>
    public static string Markdown(ReviewView review, ReviewLinks links)
    {
        var records = From(review);
        var md = new StringBuilder();
        md.Append("# Architecture decision records: ").AppendLine(MarkdownText.Inline(review.State.Title)).AppendLine();
        md.AppendLine($"From the design review [{MarkdownText.Inline(review.State.Title)}]({MarkdownText.Url(links.Page)}), in the MADR layout; one record per decision the team gave.").AppendLine();
        if (review.Template.DecisionRecordsSection is not { } section)
        {
            md.AppendLine($"_The {MarkdownText.Inline(review.Template.Title)} template marks no section as decision records, so this review has none._");
            return md.ToString();
        }
        if (records.Count == 0)
        {
            md.AppendLine($"_No decisions recorded yet: they come from the answers to the questions of the {MarkdownText.Inline(section.Heading)} section._");
            return md.ToString();
        }
        foreach (var r in records)
        {
            md.AppendLine("---").AppendLine();
            md.Append($"## ADR {r.Number}: ").AppendLine(MarkdownText.Inline(r.Title)).AppendLine();
            md.AppendLine($"- Status: {r.Status}");
            md.AppendLine($"- Date: {MarkdownText.Inline(r.Date)}");
            md.AppendLine($"- Deciders: {MarkdownText.Inline(r.Decider)}").AppendLine();
            md.AppendLine("### Context and Problem Statement").AppendLine();
            md.AppendLine(MarkdownText.Line(r.Context)).AppendLine();
            md.AppendLine($"Recorded by {MarkdownText.Inline(r.Decider)}:").AppendLine();
            md.Append("> ").AppendLine(MarkdownText.Line(r.Recorded)).AppendLine();
            md.AppendLine("### Considered Options").AppendLine();
            foreach (var option in r.Options)
                md.Append("- ").AppendLine(MarkdownText.Line(option));
            if (r.Options.Count == 1)
                md.AppendLine("- _No other option was recorded with this decision._");
            md.AppendLine();
            md.AppendLine("### Decision Outcome").AppendLine();
            md.Append("Chosen option: \"").Append(MarkdownText.Inline(r.Chosen)).Append('"')
                .AppendLine(r.Reason is { } reason ? $", because {MarkdownText.Inline(reason)}." : " — _no reason was recorded with it._").AppendLine();
            md.AppendLine("### Consequences").AppendLine();
            md.AppendLine(r.Consequences is { } consequences ? "- " + MarkdownText.Line(Capital(consequences)) : "- _Not recorded in the review._").AppendLine();
        }
        return md.ToString();
    }

    private static DecisionRecord Read(int number, string line, string status, string context, Answer answer)
    {
        var rest = line;
        string? consequences = null;
        if (ConsequenceRegex().Match(rest) is { Success: true } c)
        {
            consequences = rest[c.Groups["what"].Index..].Trim().TrimEnd('.');
            rest = rest[..c.Index];
        }
        string? reason = null;
        if (ReasonRegex().Match(rest) is { Success: true } r)
        {
            reason = rest[(r.Index + r.Length)..].Trim().TrimEnd('.');
            rest = rest[..r.Index];
        }
        var topic = "";
        if (TopicRegex().Match(rest) is { Success: true } t)
        {
            topic = t.Groups["topic"].Value.Trim();
            rest = rest[(t.Index + t.Length)..];
        }
        var alternatives = new List<string>();
        if (AlternativesRegex().Match(rest) is { Success: true } a)
        {
            alternatives.AddRange(OrRegex().Split(rest[(a.Index + a.Length)..]).Select(o => o.Trim().TrimEnd('.')).Where(o => o.Length > 0));
            rest = rest[..a.Index];
        }
        var chosen = rest.Trim().TrimEnd('.', ',');
        if (chosen.Length == 0)
            chosen = line;
        var title = TextLimit.Shorten(Capital(topic.Length > 0 ? $"{topic}: {chosen}" : chosen), 100);
        return new DecisionRecord(number, title, status, ReviewMessages.Date(answer.SentAt), answer.Author.Display, context, line,
            [$"{chosen} (chosen)", .. alternatives], chosen, reason is { Length: > 0 } ? reason : null, consequences is { Length: > 0 } ? consequences : null);
    }

    // Lines of the answer, list marks removed; `;` separates decisions on one line. Blank lines and code fences carry none.
    // Code a member fenced (config, JSON) is no decision: only the prose around it is read. A fence left open is prose.
    private static IEnumerable<string> DecisionLines(string text) =>
        AnswerText.Runs(text).Where(run => !run.IsCode)
            .SelectMany(run => AnswerText.Lines(run.Text))
            .SelectMany(line => line.Split(';'))
            .Select(line => ListMarkRegex().Replace(line, "").Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("```", StringComparison.Ordinal) && !line.StartsWith("~~~", StringComparison.Ordinal));

    private static string OneLine(string text) => string.Join(' ', AnswerText.Lines(text)).Trim();

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"^\s*(?:[-*•+]|\d+[.)])\s+")]
    private static partial Regex ListMarkRegex();

    // "— introduces a cache to keep warm", ", which adds a dependency", " so it costs …"
    [GeneratedRegex(@"(?:\s*[—–,(]\s*|\s+)(?:which\s+|and\s+|so\s+(?:it\s+)?|this\s+|it\s+)?(?<what>(?:introduces|introducing|adds|adding|means|costs|brings|requires)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ConsequenceRegex();

    [GeneratedRegex(@"\s*(?:,\s*)?\b(?:because|since|as it|so that)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonRegex();

    // "Cache: Redis …": a short topic before a colon.
    [GeneratedRegex(@"^\s*(?<topic>[^:]{1,40}?):\s+")]
    private static partial Regex TopicRegex();

    [GeneratedRegex(@"\s+(?:over|instead of|rather than|vs\.?|versus)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AlternativesRegex();

    [GeneratedRegex(@"\s*(?:,|/|\bor\b|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex OrRegex();
}
