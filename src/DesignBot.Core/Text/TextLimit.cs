using System.Globalization;

namespace DesignBot.Core.Text;

/// <summary>Shortening text for display without breaking what a reader sees as one character.</summary>
public static class TextLimit
{
    public const string Ellipsis = "…";

    /// <summary>
    /// The text itself when it has at most <paramref name="maxLength"/> UTF-16 units; otherwise as many whole text
    /// elements (grapheme clusters: an emoji with its modifiers and joiners, a letter with its combining marks) as fit
    /// with an ellipsis after them, so the result never exceeds <paramref name="maxLength"/> and never ends in half a character.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Ellipsis.Length);
        if (text.Length <= maxLength)
            return text;
        var budget = maxLength - Ellipsis.Length;
        var kept = 0;
        while (kept < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text.AsSpan(kept));
            if (kept + next > budget)
                break;
            kept += next;
        }
        return text[..kept].TrimEnd() + Ellipsis;
    }
}
