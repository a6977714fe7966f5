using System.Text.RegularExpressions;

namespace DesignBot.Core.Reviews;

public enum CommandName { Start, Status, List, Summary, Export, Cancel, Help, Unknown }

/// <summary>A channel command: `start URL shortener --parallel` → Start, "URL shortener", parallel.</summary>
public sealed record Command(CommandName Name, string Argument, bool Parallel, string Word);

public static partial class CommandParser
{
    public static Command Parse(string text)
    {
        var trimmed = text.Trim();
        // Tolerate the platform prefix when an adapter left it in ("/design start …", "design start …").
        trimmed = PrefixRegex().Replace(trimmed, "");
        var space = trimmed.IndexOfAny([' ', '\t', '\n']);
        var word = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        var parallel = false;
        if (word == "start" && ParallelRegex().IsMatch(rest))
        {
            parallel = true;
            rest = ParallelRegex().Replace(rest, " ").Trim();
        }
        var name = word switch
        {
            "start" or "new" => CommandName.Start,
            "status" or "progress" => CommandName.Status,
            "list" or "ls" => CommandName.List,
            "summary" => CommandName.Summary,
            "export" => CommandName.Export,
            "cancel" => CommandName.Cancel,
            "help" or "" or "?" => CommandName.Help,
            _ => CommandName.Unknown,
        };
        return new Command(name, rest, parallel, word);
    }

    [GeneratedRegex(@"^/?design\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PrefixRegex();

    [GeneratedRegex(@"(^|\s)(--parallel|—parallel|-p)(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ParallelRegex();
}

/// <summary>Thread words: `skip`, `back`, `done`, `help`, `undo` (the sender's latest answer) and `move q3` (it, to question 3).</summary>
public enum ThreadWord { None, Skip, Back, Done, Help, Undo, Move }

/// <summary>
/// What a thread reply says to the bot: a thread word, or an answer (optionally aimed at question N with `q3:` / `#3`).
/// For Move, ExplicitQuestion is the target question; for Skip, Text is the reason given (`skip, we do not know yet`),
/// empty when none; for an answer, Text is the answer with any `q3:` / `a:` prefix removed, its case kept.
/// </summary>
public sealed record ThreadInput(ThreadWord Word, int? ExplicitQuestion, string Text)
{
    /// <summary>`a: …` or `q3: …`: the member says this is an answer, so it is never taken for discussion.</summary>
    public bool MarkedAsAnswer { get; init; }
}

public static partial class ThreadInputParser
{
    public static ThreadInput Parse(string text)
    {
        var trimmed = text.Trim();
        var word = trimmed.TrimEnd('.', '!').ToLowerInvariant() switch
        {
            "next" or "skip" => ThreadWord.Skip,
            "back" or "previous" => ThreadWord.Back,
            "done" or "finish" => ThreadWord.Done,
            "help" or "?" => ThreadWord.Help,
            _ => ThreadWord.None,
        };
        if (word != ThreadWord.None)
            return new ThreadInput(word, null, "");
        var match = ExplicitRegex().Match(trimmed);
        if (match.Success && int.TryParse(match.Groups["n"].Value, out var n))
            return new ThreadInput(ThreadWord.None, n, match.Groups["text"].Value.Trim());
        return new ThreadInput(ThreadWord.None, null, trimmed);
    }

    // "q3: text", "Q3 : text", "#3 text", "#3: text"
    [GeneratedRegex(@"^(?:q(?<n>\d{1,3})\s*:|#(?<n>\d{1,3})\b:?)\s*(?<text>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ExplicitRegex();
}
