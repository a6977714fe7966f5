using System.Text.RegularExpressions;

namespace DesignBot.Core.Reviews;

public enum CommandName { Start, Status, List, Summary, Export, Cancel, Help, Templates, Due, Remind, Snooze, Close, Reopen, Unknown }

/// <summary>A channel command: `start URL shortener --parallel` → Start, "URL shortener", parallel.</summary>
public sealed record Command(CommandName Name, string Argument, bool Parallel, string Word)
{
    /// <summary>
    /// The `--name value` options after the argument (`--template api-review`, `--due in 5 days`, `--tz Europe/Berlin`),
    /// by lower-case name without dashes; a value runs to the next option and may be empty (`--flag`). `--parallel` is
    /// <see cref="Parallel"/>, not an option.
    /// </summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = NoOptions;

    public string? Option(string name) => Options.TryGetValue(name, out var value) ? value : null;

    /// <summary>The first option this command does not read (`--tempalte`), or null: a misspelt option is refused, never ignored.</summary>
    public string? UnknownOption() => Options.Keys.FirstOrDefault(key => !CommandParser.OptionsOf(Name).Contains(key));

    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();
}

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
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = OptionRegex().Match(rest);
        if (first.Success)
        {
            // Everything from the first option on is options; the argument is what comes before it.
            var tail = rest[first.Index..];
            rest = rest[..first.Index].Trim();
            var marks = OptionRegex().Matches(tail);
            for (var i = 0; i < marks.Count; i++)
            {
                var end = i + 1 < marks.Count ? marks[i + 1].Index : tail.Length;
                var valueStart = marks[i].Index + marks[i].Length;
                options[marks[i].Groups["name"].Value.ToLowerInvariant()] = tail[valueStart..end].Trim();
            }
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
            "templates" => CommandName.Templates,
            "due" or "deadline" => CommandName.Due,
            "remind" => CommandName.Remind,
            "snooze" => CommandName.Snooze,
            "close" => CommandName.Close,
            "reopen" => CommandName.Reopen,
            _ => CommandName.Unknown,
        };
        return new Command(name, rest, parallel, word) { Options = options };
    }

    /// <summary>The `--name` options each command reads (besides `--parallel` of start).</summary>
    public static IReadOnlyList<string> OptionsOf(CommandName name) => name switch
    {
        CommandName.Start => ["template", "due", "tz"],
        CommandName.Due => ["tz", "review"],
        CommandName.Snooze or CommandName.Reopen => ["review"],
        _ => [],
    };

    [GeneratedRegex(@"^/?design\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PrefixRegex();

    [GeneratedRegex(@"(^|\s)(--parallel|—parallel|-p)(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ParallelRegex();

    // `--due`, `—due` (a client's autocorrected dashes), at a word boundary: "A -- B" in a title is not an option.
    [GeneratedRegex(@"(?<=^|\s)(?:--|—|–)(?<name>[a-zA-Z][a-zA-Z-]*)(?=\s|$)")]
    private static partial Regex OptionRegex();
}

/// <summary>
/// Thread words: `skip`, `back`, `done`, `help`, `undo` (the sender's latest answer), `move q3` (it, to question 3),
/// `use bob's` / `pin q5` (the owner picks the value the estimate uses) and `unpin q5`.
/// </summary>
public enum ThreadWord { None, Skip, Back, Done, Help, Undo, Move, Pin, Unpin }

/// <summary>
/// What a thread reply says to the bot: a thread word, or an answer (optionally aimed at question N with `q3:` / `#3`).
/// For Move, ExplicitQuestion is the target question; for Skip, Text is the reason given (`skip, we do not know yet`),
/// empty when none; for an answer, Text is the answer with any `q3:` / `a:` prefix removed, its case kept.
/// </summary>
public sealed record ThreadInput(ThreadWord Word, int? ExplicitQuestion, string Text)
{
    /// <summary>`a: …` or `q3: …`: the member says this is an answer, so it is never taken for discussion.</summary>
    public bool MarkedAsAnswer { get; init; }

    /// <summary>For Pin: whose answer (`use bob's` → "bob"); null pins the value used now.</summary>
    public string? Member { get; init; }
}

/// <summary>
/// Reads a thread reply: `skip` / `next` (with a reason: `skip this one, we do not know yet`, `skip - not decided`),
/// `back`, `done`, `help`, `undo`, `move q3` / `move to 3`, `q3: …` / `#3 …` (an answer to question 3) and `a: …` (an
/// answer to the current question); anything else is an answer as typed. A word counts only where the reply starts with
/// it as a command: `we skip the cache for writes` is an answer.
/// </summary>
public static partial class ThreadInputParser
{
    public static ThreadInput Parse(string text)
    {
        var trimmed = text.Trim();
        var word = trimmed.TrimEnd('.', '!').ToLowerInvariant() switch
        {
            "back" or "previous" => ThreadWord.Back,
            "done" or "finish" => ThreadWord.Done,
            "help" or "?" => ThreadWord.Help,
            _ => ThreadWord.None,
        };
        if (word != ThreadWord.None)
            return new ThreadInput(word, null, trimmed);
        if (UndoRegex().IsMatch(trimmed))
            return new ThreadInput(ThreadWord.Undo, null, trimmed);
        if (SkipRegex().Match(trimmed) is { Success: true } skip)
            return new ThreadInput(ThreadWord.Skip, null, skip.Groups["reason"].Value.Trim());
        // `move` without a readable target (`move`, `move q3 please`) is still the word: the flow says how to use it.
        if (MoveRegex().Match(trimmed) is { Success: true } move)
            return new ThreadInput(ThreadWord.Move, move.Groups["n"].Success ? QuestionNumber(move.Groups["n"].Value) : null, trimmed);
        if (PinRegex().Match(trimmed) is { Success: true } pin)
        {
            int? question = int.TryParse(pin.Groups["n"].Value, out var q) ? q : null;
            var member = pin.Groups["member"].Success ? pin.Groups["member"].Value : null;
            if (question is not null || member is not null)
                return new ThreadInput(pin.Groups["un"].Success ? ThreadWord.Unpin : ThreadWord.Pin, question, trimmed) { Member = member };
        }
        var match = ExplicitRegex().Match(trimmed);
        if (match.Success)
            return new ThreadInput(ThreadWord.None, QuestionNumber(match.Groups["n"].Value), match.Groups["text"].Value.Trim()) { MarkedAsAnswer = true };
        var marked = AnswerRegex().Match(trimmed);
        if (marked.Success)
            return new ThreadInput(ThreadWord.None, null, marked.Groups["text"].Value.Trim()) { MarkedAsAnswer = true };
        return new ThreadInput(ThreadWord.None, null, trimmed);
    }

    // A number too long for an int is no question of any step: out of range, said so by the flow.
    private static int QuestionNumber(string digits) =>
        int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    // "undo", "undo that", "undo it please", "undo pls"
    [GeneratedRegex(@"^undo(?:\s+(?:that|it|this|my\s+answer|please|pls))*[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex UndoRegex();

    // "skip", "skip this one, we do not know yet", "skip - not decided", "skip because …", "next", "next one please".
    // After the word and its filler comes the end, a separator, or "because"/"since"/"until": "skip the cache" is not a skip.
    [GeneratedRegex(@"^(?:skip(?:\s+(?:this\s+one|this\s+question|this|that\s+one|that|it|for\s+now|please|pls))*"
        + @"(?:\s*$|\s*[,;:.!—–-]+\s*(?<reason>.*)|\s+(?<reason>(?:because|since|until)\b.*))"
        + @"|next(?:\s+(?:one|question|please|pls))*[.!]*\s*$)", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex SkipRegex();

    // "move q3", "move to q3", "move 3", "move to 3", "move it to #3", "move to question 3"
    // "move", "move q3 please", "move q1000" (no target, or one out of range: the flow says how).
    [GeneratedRegex(@"^move(?:\s+(?:it|that|this|my\s+answer))?(?:\s+to)?(?:\s+(?:q|#|question\s*)?(?<n>\d+))?(?:\s+(?:please|pls))?[.!]*$", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex MoveRegex();

    // "use bob's", "use @bob's value for q5", "pin bob's q5", "pin q5", "pin q5 to bob's", "unpin q5"; a possessive is
    // required after use, so "use redis" stays an answer.
    [GeneratedRegex(@"^(?:(?:use|pin|take)\s+@?(?<member>[\p{L}\p{N}._-]+?)['’]s?(?:\s+(?:value|answer|number|figure))?(?:\s+(?:for|on|in)?\s*(?:q|#|question\s+)(?<n>\d{1,3}))?"
        + @"|pin\s+(?:q|#|question\s+)(?<n>\d{1,3})(?:\s+(?:to|on)?\s*@?(?<member>[\p{L}\p{N}._-]+?)['’]s?)?"
        + @"|(?<un>unpin)\s+(?:q|#|question\s+)?(?<n>\d{1,3}))[.!]*$", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex PinRegex();

    // "q3: text", "Q3 : text", "#3 text", "#3: text"
    [GeneratedRegex(@"^(?:q(?<n>\d+)\s*:|#(?<n>\d+)\b:?)\s*(?<text>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ExplicitRegex();

    // "a: text", "A: text", "answer: text"
    [GeneratedRegex(@"^(?:a|answer)\s*:\s*(?<text>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex AnswerRegex();
}
