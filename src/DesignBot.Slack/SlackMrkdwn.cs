using System.Text;
using System.Text.RegularExpressions;
using DesignBot.Core.Text;

namespace DesignBot.Slack;

/// <summary>
/// The core's plain Markdown → Slack mrkdwn: **bold** → *bold*, *italic* → _italic_, ~~strike~~ → ~strike~,
/// [text](url) → &lt;url|text&gt;, "# heading" → *heading*, "- item" → "• item"; `code` and ``` blocks kept. Everything
/// else is escaped (&amp;, &lt;, &gt;), so a member's "&lt;!channel&gt;" or "&lt;@U1&gt;" stays text and pings nobody.
/// </summary>
public static partial class SlackMrkdwn
{
    [GeneratedRegex(@"\[([^\[\]\n]+)\]\(((?:https?|mailto):[^\s()<>]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__", RegexOptions.CultureInvariant)]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\*\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Italic();

    [GeneratedRegex(@"~~(?=\S)(.+?)(?<=\S)~~", RegexOptions.CultureInvariant)]
    private static partial Regex Strike();

    [GeneratedRegex(@"^#{1,6}[ \t]+(.+?)[ \t#]*$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^([ \t]*)[-*+][ \t]+", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Bullet();

    // Bold becomes this first, so the italic rule does not read Slack's single-star bold as Markdown italic.
    private const char BoldMark = '\u0001';

    public static string FromMarkdown(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
            return "";
        var output = new StringBuilder(markdown.Length + 16);
        // Code (fenced blocks and inline spans) is kept as it is, only escaped.
        var i = 0;
        while (i < markdown.Length)
        {
            var fence = markdown.IndexOf("```", i, StringComparison.Ordinal);
            var tick = markdown.IndexOf('`', i);
            if (tick < 0)
            {
                output.Append(Prose(markdown[i..]));
                break;
            }
            var isFence = fence == tick;
            var marker = isFence ? "```" : "`";
            var close = markdown.IndexOf(marker, tick + marker.Length, StringComparison.Ordinal);
            if (close < 0 || (!isFence && markdown.IndexOf('\n', tick, close - tick) >= 0))
            {
                // An unclosed backtick is a character, not code.
                output.Append(Prose(markdown[i..(tick + 1)]));
                i = tick + 1;
                continue;
            }
            output.Append(Prose(markdown[i..tick]));
            output.Append(marker).Append(Escape(markdown[(tick + marker.Length)..close])).Append(marker);
            i = close + marker.Length;
        }
        return output.ToString();
    }

    /// <summary>Escapes the three characters Slack reads as markup.</summary>
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// The mrkdwn of <paramref name="markdown"/> in at most <paramref name="max"/> characters: a longer one is shortened in
    /// its Markdown (with "…") and converted again, so no link, entity or bold mark is cut in half.
    /// </summary>
    public static string FromMarkdown(string? markdown, int max)
    {
        var converted = FromMarkdown(markdown);
        if (converted.Length <= max)
            return converted;
        var source = markdown!;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var keep = Math.Max(1, source.Length - (converted.Length - max) - 1);
            source = TextLimit.Shorten(source, keep);
            converted = FromMarkdown(source);
            if (converted.Length <= max)
                return converted;
        }
        // Escaping at most quintuples a character ("&" → "&amp;"): this always fits.
        return Escape(TextLimit.Shorten(markdown!, Math.Max(1, max / 5)));
    }

    private static string Prose(string text)
    {
        var escaped = Escape(text);
        escaped = Heading().Replace(escaped, m => $"{BoldMark}{m.Groups[1].Value}{BoldMark}");
        escaped = Bullet().Replace(escaped, m => $"{m.Groups[1].Value}• ");
        escaped = MarkdownLink().Replace(escaped, m => $"<{m.Groups[2].Value}|{m.Groups[1].Value.Replace('|', '¦')}>");
        escaped = Bold().Replace(escaped, m => $"{BoldMark}{(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)}{BoldMark}");
        escaped = Italic().Replace(escaped, m => $"_{m.Groups[1].Value}_");
        escaped = Strike().Replace(escaped, m => $"~{m.Groups[1].Value}~");
        return escaped.Replace(BoldMark, '*');
    }
}
