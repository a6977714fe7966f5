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
