using System.Net;
using System.Text.RegularExpressions;

namespace DesignBot.Teams.Inbound;

/// <summary>
/// Teams message text → what the member meant, as plain text: the bot's own @mention removed, other mentions as
/// "@Name", paragraphs and line breaks as new lines, list items as "• ", every other tag dropped and entities decoded.
/// </summary>
public static partial class TeamsText
{
    public static string ToPlain(string? text, IReadOnlyList<Mention> mentions, string? botId)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        foreach (var mention in mentions)
        {
            if (mention.Id == botId)
                text = text.Replace(mention.Text, " ", StringComparison.Ordinal);
        }
        // Mentions of people keep their names; a bot mention whose entity was missing is still a mention tag.
        text = AtTag().Replace(text, m => "@" + m.Groups["name"].Value.Trim());
        text = MentionSpan().Replace(text, m => "@" + m.Groups["name"].Value.Trim());
        text = LineBreak().Replace(text, "\n");
        text = BlockEnd().Replace(text, "\n");
        text = ListItem().Replace(text, "\n• ");
        text = AnyTag().Replace(text, "");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Tidy(text);
    }

    /// <summary>Collapses runs of spaces, trims each line and drops blank lines (paragraphs come out as one line each).</summary>
    private static string Tidy(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => Spaces().Replace(l, " ").Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"<at[^>]*>(?<name>.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"<span[^>]*schema\.skype\.com/Mention[^>]*>(?<name>.*?)</span>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex MentionSpan();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"</(p|div|li|h[1-6]|tr|blockquote|pre)>|<(p|div|ul|ol)(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<li(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
