using System.Text;
using System.Text.RegularExpressions;

namespace DesignBot.Slack;

/// <summary>
/// Slack's message markup → plain text as the member meant it: <c>&amp;amp; &amp;lt; &amp;gt;</c> decoded,
/// <c>&lt;https://x|label&gt;</c> → "label (https://x)", <c>&lt;@U123&gt;</c> → "@Name" (by the given names, else the
/// name the markup carries, else the id), <c>&lt;#C123|general&gt;</c> → "#general", <c>&lt;!here&gt;</c> → "@here".
/// </summary>
public static partial class SlackMarkup
{
    [GeneratedRegex("<([^<>]*)>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Entity();

    public static string Decode(string? text, Func<string, string?>? nameOf = null)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        try
        {
            return Unescape(Entity().Replace(text, m => Replace(m.Groups[1].Value, nameOf)));
        }
        catch (RegexMatchTimeoutException)
        {
            return Unescape(text);
        }
    }

    /// <summary>The user ids mentioned (<c>&lt;@U123&gt;</c>), so their names can be looked up.</summary>
    public static IEnumerable<string> MentionedUsers(string? text)
    {
        if (string.IsNullOrEmpty(text))
            yield break;
        foreach (Match m in Entity().Matches(text))
        {
            var inner = m.Groups[1].Value;
            if (inner.StartsWith('@'))
                yield return Split(inner[1..]).Target;
        }
    }

    /// <summary>
    /// The mentioned user ids that <see cref="Decode"/> could only show as "@U123" (no known name, no label): the pipeline
    /// names them after the ack (<see cref="Core.Events.InboundEvent.UnnamedMentions"/>).
    /// </summary>
    public static IReadOnlyList<string>? UnnamedMentions(string? text, Func<string, string?>? nameOf)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        try
        {
            IReadOnlyList<string> ids = [.. Entity().Matches(text).Select(m => m.Groups[1].Value)
                .Where(inner => inner.StartsWith('@'))
                .Select(inner => Split(inner[1..]))
                .Where(m => m.Label is null && nameOf?.Invoke(m.Target) is null)
                .Select(m => m.Target)
                .Distinct(StringComparer.Ordinal)];
            return ids.Count == 0 ? null : ids;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Replace(string inner, Func<string, string?>? nameOf)
    {
        if (inner.Length == 0)
            return "<>";
        var (target, label) = Split(inner[1..]);
        switch (inner[0])
        {
            case '@':
                return "@" + (nameOf?.Invoke(target) ?? label ?? target);
            case '#':
                return "#" + (label ?? target);
            case '!':
                // <!here>, <!channel>, <!subteam^S123|@team>, <!date^…|fallback>
                return label ?? "@" + target;
        }
        var (url, text) = Split(inner);
        var shownUrl = url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? url["mailto:".Length..] : url;
        return text is null || text == shownUrl || text == url ? shownUrl : $"{text} ({shownUrl})";
    }

    private static (string Target, string? Label) Split(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (value, null) : (value[..bar], value[(bar + 1)..]);
    }

    // Slack escapes exactly these three; &amp; last, so "&amp;lt;" stays "&lt;".
    private static string Unescape(string text) =>
        new StringBuilder(text).Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&").ToString();
}
