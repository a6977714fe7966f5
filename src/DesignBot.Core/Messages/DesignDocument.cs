using System.Text;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Messages;

/// <summary>The design document in Markdown: the <see cref="ReviewDocument"/> rendered, members' text escaped.</summary>
public static class DesignDocument
{
    public static string Markdown(ReviewView review, ReviewLinks links) => Markdown(ReviewDocument.Build(review, links));

    public static string Markdown(ReviewDocument document)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(MarkdownText.Inline(document.Title)).AppendLine();
        md.AppendLine(string.Join(" · ", document.Links.Select(l => $"[{MarkdownText.Inline(l.Text)}]({MarkdownText.Url(l.Url)})"))).AppendLine();

        foreach (var section in document.Sections)
        {
            md.Append("## ").AppendLine(MarkdownText.Inline(section.Heading)).AppendLine();
            foreach (var part in section.Parts)
                Part(md, part);
        }
        return md.ToString();
    }

    private static void Part(StringBuilder md, DocumentPart part)
    {
        switch (part)
        {
            case DocumentParagraph { Kind: ParagraphKind.Plain } p:
                md.AppendLine(MarkdownText.Line(p.Text)).AppendLine();
                break;
            case DocumentParagraph p: // a step's purpose, or what is open: set apart in italics
                md.Append('_').Append(MarkdownText.Inline(p.Text)).AppendLine("_").AppendLine();
                break;
            case DocumentHeading h:
                md.Append("### ").AppendLine(MarkdownText.Inline(h.Text)).AppendLine();
                break;
            case DocumentFacts f:
                foreach (var fact in f.Facts)
                    md.AppendLine($"- **{MarkdownText.Inline(fact.Label)}:** {MarkdownText.Inline(fact.Value)}");
                md.AppendLine();
                break;
            case DocumentQuestion q:
                md.Append('#', q.Level).Append(' ').AppendLine(MarkdownText.Inline(q.Heading)).AppendLine();
                if (q.OpenNote is { } open)
                    md.Append('_').Append(MarkdownText.Inline(open)).AppendLine("_").AppendLine();
                foreach (var a in q.Answers)
                {
                    md.AppendLine($"**{MarkdownText.Inline(a.Author)}** · {MarkdownText.Inline(a.SentAt)}{(a.Edited ? " (edited)" : "")}{(a.Label is { } label ? $" · _{MarkdownText.Inline(label)}_" : "")}").AppendLine();
                    Quote(md, a.Runs);
                    md.AppendLine();
                }
                break;
            case DocumentDiagram d:
                // The Mermaid source is made of generated ids and entity-coded labels: nothing in it can close the fence.
                md.AppendLine("```mermaid").Append(d.Mermaid).AppendLine("```").AppendLine();
                md.Append('_').Append(MarkdownText.Inline(d.Description)).AppendLine("_").AppendLine();
                break;
            case DocumentTable t:
                md.Append("| ").AppendJoin(" | ", t.Columns.Select(MarkdownText.Inline)).AppendLine(" |");
                md.Append('|').AppendJoin("", t.Columns.Select(_ => " --- |")).AppendLine();
                foreach (var row in t.Rows)
                    md.Append("| ").AppendJoin(" | ", row.Select(MarkdownText.Inline)).AppendLine(" |");
                md.AppendLine();
                break;
            case DocumentList l:
                foreach (var item in l.Items)
                    md.Append("- ").AppendLine(MarkdownText.Line(item));
                md.AppendLine();
                break;
        }
    }

    /// <summary>
    /// A reply as a quote: each line of prose escaped, the member's line breaks kept (a backslash at the end of a line is
    /// a hard break), and code the member fenced as a fenced block whose fence is longer than any backtick run inside.
    /// </summary>
    private static void Quote(StringBuilder md, IReadOnlyList<TextRun> runs)
    {
        var first = true;
        foreach (var run in runs)
        {
            if (!run.IsCode && run.Text.Length == 0 && runs.Count > 1)
                continue;
            if (!first)
                md.AppendLine(">");
            first = false;
            if (run.IsCode)
            {
                var fence = AnswerText.FenceFor(run.Text);
                md.Append("> ").Append(fence).AppendLine(run.Info);
                foreach (var line in run.Text.Split('\n'))
                    md.Append("> ").AppendLine(line);
                md.Append("> ").AppendLine(fence);
                continue;
            }
            var lines = run.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = MarkdownText.Line(lines[i].TrimEnd());
                var breaks = i + 1 < lines.Length && lines[i + 1].Trim().Length > 0 && line.Length > 0;
                md.Append("> ").Append(line).AppendLine(breaks ? "\\" : "");
            }
        }
    }
}

/// <summary>
/// Escapes text for Markdown (CommonMark, GitHub, and Markdig's extensions): what members typed reads as they typed it
/// wherever the document is pasted — `&lt;script&gt;`, `Album&lt;Photo&gt;`, `cursor=&lt;cursor&gt;` stay text, never HTML,
/// links, autolinks, attributes or formatting.
/// </summary>
public static class MarkdownText
{
    // Every character that can start markup inside a line; a backslash before ASCII punctuation makes it literal.
    // `~ ^` are strike, sub- and superscript, `$` math, `{ }` attribute lists in the extended dialects.
    private const string Special = "\\`*_[]<>&|#~^${}";

    // Markup only when doubled: `++inserted++`, `==marked==`, `""cited""`, `::span::`.
    private const string Doubled = "+=\":";

    /// <summary>Text inside a line (a heading, a name, a table cell): line breaks of every kind become spaces, markup characters are escaped.</summary>
    public static string Inline(string text) => Escape(OneLine(text), atLineStart: false);

    /// <summary>Text that starts a line of its own (a line of an answer, a list item): nothing at its start begins a block either.</summary>
    public static string Line(string text) => Escape(OneLine(text), atLineStart: true);

    private static string OneLine(string text) => AnswerText.Normalize(text).Replace('\n', ' ');

    private static string Escape(string line, bool atLineStart)
    {
        var md = new StringBuilder(line.Length + 8);
        var i = 0;
        // Leading spaces would make an indented code block (where escapes show as backslashes): keep the
        // indentation as no-break spaces, which Markdown does not count.
        for (; atLineStart && i < line.Length && line[i] is ' ' or '\t'; i++)
            md.Append(line[i] == '\t' ? "\u00A0\u00A0\u00A0\u00A0" : "\u00A0");
        var start = i;
        // What starts a block only at a line's start (a list item, a heading underline, a code fence, a definition) and is not escaped anyway.
        if (atLineStart && start < line.Length && line[start] is '-' or '+' or '=' or ':')
            md.Append('\\');
        var digits = start;
        while (atLineStart && digits < line.Length && char.IsAsciiDigit(line[digits]))
            digits++;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            var escape = Special.Contains(c, StringComparison.Ordinal)
                // "1. " and "1) " start an ordered list.
                || (i == digits && digits > start && c is '.' or ')')
                || (Doubled.Contains(c, StringComparison.Ordinal) && ((i > 0 && line[i - 1] == c) || (i + 1 < line.Length && line[i + 1] == c)))
                // An autolink needs its scheme's colon (`https://`, `javascript:`, `mailto:`) or `www.`: break them.
                || (c == ':' && i > 0 && char.IsAsciiLetter(line[i - 1]) && i + 1 < line.Length && !char.IsWhiteSpace(line[i + 1]))
                || (c == '.' && i >= 3 && line.AsSpan(i - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase));
            if (escape)
                md.Append('\\');
            md.Append(c);
        }
        return md.ToString();
    }

    /// <summary>A link destination: the characters that would end or break it are percent-encoded.</summary>
    public static string Url(string url) =>
        url.Replace(" ", "%20", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal);
}
