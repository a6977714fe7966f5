using System.Text;
using System.Text.RegularExpressions;

namespace DesignBot.Core.Messages;

/// <summary>A stretch of an answer: prose, or code the member fenced (```` ``` ```` … ```` ``` ````), with its info string.</summary>
public sealed record TextRun(string Text, bool IsCode, string Info = "");

/// <summary>
/// Reads what a member typed into lines and runs, the same way for every renderer: every kind of line break is one
/// (`\r\n`, a bare `\r`, `\u2028`, `\u0085` …), and a block fenced with backticks or tildes, closed again, is code.
/// </summary>
public static partial class AnswerText
{
    /// <summary>The text with every line break as "\n": a bare `\r` is a line break to Markdown renderers, so it is one here too.</summary>
    public static string Normalize(string text) => LineBreakRegex().Replace(text, "\n");

    public static string[] Lines(string text) => Normalize(text).Split('\n');

    /// <summary>
    /// Prose and fenced code, in order. A fence opens with three or more backticks (or tildes) on a line of its own,
    /// optionally with a language, and closes with at least as many of the same; an unclosed fence is text as typed.
    /// </summary>
    public static IReadOnlyList<TextRun> Runs(string text)
    {
        var lines = Lines(text);
        var runs = new List<TextRun>();
        var prose = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceRegex().Match(lines[i]);
            var close = open.Success ? ClosingLine(lines, i, open.Groups["fence"].Value) : -1;
            if (close < 0)
            {
                prose.Add(lines[i]);
                continue;
            }
            if (prose.Count > 0)
                runs.Add(new TextRun(string.Join('\n', prose), IsCode: false));
            prose.Clear();
            runs.Add(new TextRun(string.Join('\n', lines[(i + 1)..close]), IsCode: true, InfoWord(open.Groups["info"].Value)));
            i = close;
        }
        if (prose.Count > 0 || runs.Count == 0)
            runs.Add(new TextRun(string.Join('\n', prose), IsCode: false));
        return runs;
    }

    /// <summary>A fence for code: backticks, longer than any run of backticks inside it (and at least three).</summary>
    public static string FenceFor(string code)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return new string('`', Math.Max(3, longest + 1));
    }

    private static int ClosingLine(string[] lines, int open, string fence)
    {
        for (var j = open + 1; j < lines.Length; j++)
        {
            var trimmed = lines[j].Trim();
            if (trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]))
                return j;
        }
        return -1;
    }

    // The language word only (`python`, `c++`, `json5`): anything else in an info string is dropped, not escaped.
    private static string InfoWord(string info)
    {
        var word = new StringBuilder();
        foreach (var c in info.Trim())
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '_' or '#' or '.'))
                break;
            word.Append(c);
        }
        return word.Length > 30 ? "" : word.ToString();
    }

    // \r\n first, then any single line or paragraph separator: \r, \n, \v, \f, NEL, LS, PS.
    [GeneratedRegex("\r\n|[\r\n\u000B\u000C\u0085\u2028\u2029]")]
    private static partial Regex LineBreakRegex();

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex FenceRegex();
}
