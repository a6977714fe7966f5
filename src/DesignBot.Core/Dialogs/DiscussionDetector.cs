using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DesignBot.Core.Dialogs;

/// <summary>
/// Tells discussion under a question from an answer to it. Discussion is a message that asks the team something (it
/// ends with `?`, trailing emoji aside), one addressed to a member with a leading @-mention that carries no answer, or
/// plain chatter (`let me check`, `Hmm, let me check with the PM…`, `brb`, `+1`, `thanks`). For a number, choice or
/// yes/no question, a reply that reads as a value and is not a question is an answer, whatever else it says; for a text
/// question, a leading mention or chatter makes it discussion. Pure: the caller keeps discussion apart from answers.
/// Mentions read `@Name` (adapters decode platform markup); `a: …` is the member's way to say "this is an answer" and
/// is the caller's to honour before asking here.
/// </summary>
public static partial class DiscussionDetector
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    public static bool IsDiscussion(string text, Prompt prompt)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(prompt);
        var message = text.Trim().Replace('’', '\'');
        if (message.Length == 0)
            return false;
        if (AsksSomething(message))
            return true;

        var readsValues = prompt is not TextPrompt;
        if (LeadingMentionPattern().Match(message) is { Success: true } mention)
            return !readsValues || !Reads(prompt, message[mention.Length..]);
        if (readsValues && Reads(prompt, message))
            return false;
        return IsChatter(message, readsValues);
    }

    /// <summary>Ends with a question mark once trailing whitespace, emoji, `:shortcodes:` and `!` are set aside.</summary>
    private static bool AsksSomething(string message)
    {
        var end = TrailingDecorationPattern().Replace(message, "");
        end = TrimTrailingSymbols(end);
        return end.EndsWith('?') || end.EndsWith('？');
    }

    private static string TrimTrailingSymbols(string s)
    {
        var runes = s.EnumerateRunes().ToList();
        var keep = runes.Count;
        while (keep > 0 && IsDecoration(runes[keep - 1]))
            keep--;
        var builder = new StringBuilder();
        foreach (var rune in runes.Take(keep))
            builder.Append(rune.ToString());
        return builder.ToString().TrimEnd();
    }

    // Emoji and what joins or modifies them, whitespace, and an exclamation after a `?` ("really?!"). A question in
    // brackets at the end ("… (or is it?)") is an aside, not a question to the team.
    private static bool IsDecoration(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || rune.Value == '!'
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;

    private static bool Reads(Prompt prompt, string rest)
    {
        var answer = rest.TrimStart(' ', '\t', '\n', ',', ':', ';', '-', '—', '–');
        return answer.Length > 0 && prompt.Recognize(answer).Succeeded;
    }

    /// <summary>
    /// Starts with chatter: for a value question (the reply read no value) any chatter phrase or acknowledgement; for a
    /// text question a phrase that puts the answer off (`let me check …`), or interjections with nothing after them.
    /// </summary>
    private static bool IsChatter(string message, bool readsValues)
    {
        var rest = message;
        var stripped = false;
        while (true)
        {
            rest = rest.TrimStart(' ', '\t', '\n', ',', '.', ';', ':', '!', '-', '—', '–', '…');
            if (PutOffPattern().IsMatch(rest))
                return true;
            if (InterjectionPattern().Match(rest) is not { Success: true } interjection)
                break;
            rest = rest[interjection.Length..];
            stripped = true;
        }
        if (IsOnlyDecoration(rest))
            return true;
        return readsValues && stripped;
    }

    private static bool IsOnlyDecoration(string rest) => TrimTrailingSymbols(TrailingDecorationPattern().Replace(rest, "")).Trim('.', '…', ',').Length == 0;

    // `:thinking_face:` as Slack sends it, at the end of the message.
    [GeneratedRegex(@"(?:\s*:[a-z0-9_+'-]+:)+\s*$", Options)]
    private static partial Regex TrailingDecorationPattern();

    // "@bob", "@bob @carol,", "@Bob:"
    [GeneratedRegex(@"^(?:@[\p{L}\p{N}._-]+[\s,:]*)+", Options)]
    private static partial Regex LeadingMentionPattern();

    // Phrases that put the answer off or only react to what was said: the whole message is discussion.
    [GeneratedRegex(@"^(?:let\s+me\s+(?:check|ask|think|look|see|find\s+out|confirm|dig|get\s+back)|(?:i'll|i\s+will|will|i'm\s+going\s+to|going\s+to|gonna)\s+(?:check|ask|look|find\s+out|confirm|get\s+back|follow\s+up)"
        + @"|checking\s+(?:with|on|now)|still\s+checking|checking$|brb|be\s+right\s+back|(?:good|great|fair|interesting)\s+question|take\s+your\s+time|one\s+(?:sec|second|moment|min)"
        + @"|give\s+me\s+(?:a|one)\s+(?:sec|second|moment|min|minute)|on\s+it|looking\s+into\s+it|get\s+back\s+to\s+you|\+1|same\s+here|me\s+too|agreed|no\s+idea|idk|dunno)(?![\p{L}\p{N}_])", Options)]
    private static partial Regex PutOffPattern();

    // Interjections and acknowledgements: chatter on their own, the start of an answer when one follows.
    [GeneratedRegex(@"^(?:hm+|um+|uh+|oh|ah|lol|lmao|haha(?:ha)*|thanks|thank\s+you|thx|ty|cheers|ok(?:ay)?|kk?|sure|cool|nice|great|got\s+it|noted|not\s+sure)(?![\p{L}\p{N}_])", Options)]
    private static partial Regex InterjectionPattern();
}
