using System.Text;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Templates;

/// <summary>
/// The template is data: no code under src/ names a template, step or question id of the shipped templates. A string
/// literal equal to one of them fails this test, unless it is listed below as meaning something else there.
/// </summary>
public class NoTemplateIdsInCodeTests
{
    // (file under src/, literal): the same word, meaning something else in that file. Keep this list short and explained.
    private static readonly Dictionary<(string File, string Literal), string> s_otherMeanings = new()
    {
        [("DesignBot.Teams/Auth/ConnectorTokens.cs", "scope")] = "the OAuth form field of the token request",
        [("DesignBot.Teams/Inbound/Activity.cs", "entities")] = "the Bot Framework activity's mention list",
        [("DesignBot.Teams/Outbound/AdaptiveCardWriter.cs", "entities")] = "the mention list of a card's msteams property",
        [("DesignBot.Teams/Outbound/AdaptiveCardWriter.cs", "actions")] = "the Adaptive Card property",
        [("DesignBot.Slack/SlackBlockKit.cs", "actions")] = "the Block Kit block type",
        [("DesignBot.Slack/SlackMapper.cs", "actions")] = "the Slack interaction payload's field",
        [("DesignBot.Core/Sizing/NamedFigures.cs", "users")] = "an English word skipped when reading a figure's name",
        [("DesignBot.Core/Sizing/SizingEstimator.cs", "retention")] = "the missing input as the estimate names it",
        [("DesignBot.Core/Sizing/SanityNotes.cs", "retention")] = "the end of a storage figure's name",
        [("DesignBot.Core/Sizing/EstimatorInputs.cs", "traffic")] = "the part of the estimate `computes:` names (the API step has a question of that id)",
        [("DesignBot.Core/Messages/ReviewMessages.cs", "design")] = "the fallback file name of an export",
    };

    [Fact]
    public void No_template_step_or_question_id_is_a_string_literal_in_src()
    {
        var ids = TemplateLoader.BuiltIn
            .SelectMany(t => new[] { t.Id }.Concat(t.Steps.Select(s => s.Id)).Concat(t.Steps.SelectMany(s => s.Questions.Select(q => q.Id))))
            .ToHashSet(StringComparer.Ordinal);
        var src = Path.Combine(RepositoryRoot(), "src");
        var found = new List<string>();
        foreach (var path in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var file = Path.GetRelativePath(src, path).Replace('\\', '/');
            foreach (var literal in StringLiterals(File.ReadAllText(path)).Select(l => l.Trim()).Where(ids.Contains))
            {
                if (!s_otherMeanings.ContainsKey((file, literal)))
                    found.Add($"src/{file}: \"{literal}\"");
            }
        }
        Assert.True(found.Count == 0, "Template ids named in code (read them from the template instead):\n" + string.Join("\n", found.Distinct()));
    }

    [Fact]
    public void The_scan_finds_literals_of_every_kind_and_skips_comments()
    {
        const string code = """"
            // "in-a-comment"
            /* "in-a-block" */
            var a = "plain"; var b = @"verbatim ""quoted"""; var c = $"interpolated {x}"; var d = 'q';
            var e = "escaped \" quote";
            """";
        var rawLiteral = "var f = \"\"\"\n    raw\n    \"\"\";";
        Assert.Equal(["plain", "verbatim \"quoted\"", "interpolated {x}", "escaped \" quote"], StringLiterals(code));
        Assert.Equal(["raw"], StringLiterals(rawLiteral).Select(l => l.Trim()));
    }

    [Fact]
    public void The_shipped_templates_are_all_scanned()
    {
        Assert.Equal(["system-design", "api-review", "short-design"], TemplateLoader.BuiltIn.Select(t => t.Id));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DesignBot.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DesignBot.sln not found above the test's folder.");
    }

    /// <summary>The contents of the C# string literals in <paramref name="code"/> (regular, verbatim, interpolated, raw), comments skipped.</summary>
    private static List<string> StringLiterals(string code)
    {
        var literals = new List<string>();
        var i = 0;
        while (i < code.Length)
        {
            if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                i = code.IndexOf('\n', i) is var end and >= 0 ? end : code.Length;
            }
            else if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                i = code.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : code.Length;
            }
            else if (code[i] == '\'')
            {
                // A char literal: skip it, so '"' does not open a string.
                i++;
                while (i < code.Length && code[i] != '\'')
                    i += code[i] == '\\' ? 2 : 1;
                i++;
            }
            else if (code[i] == '"')
            {
                var verbatim = i > 0 && (code[i - 1] == '@' || (i > 1 && code[i - 1] == '$' && code[i - 2] == '@'));
                i = ReadString(code, i, verbatim, literals);
            }
            else
            {
                i++;
            }
        }
        return literals;
    }

    private static int ReadString(string code, int start, bool verbatim, List<string> literals)
    {
        var quotes = 0;
        while (start + quotes < code.Length && code[start + quotes] == '"')
            quotes++;
        if (quotes >= 3)
        {
            var fence = new string('"', quotes);
            var close = code.IndexOf(fence, start + quotes, StringComparison.Ordinal);
            var end = close < 0 ? code.Length : close;
            literals.Add(code[(start + quotes)..end]);
            return close < 0 ? code.Length : close + quotes;
        }
        var text = new StringBuilder();
        var i = start + 1;
        while (i < code.Length)
        {
            var c = code[i];
            if (verbatim && c == '"' && i + 1 < code.Length && code[i + 1] == '"')
            {
                text.Append('"');
                i += 2;
            }
            else if (c == '"')
            {
                break;
            }
            else if (!verbatim && c == '\\' && i + 1 < code.Length)
            {
                text.Append(code[i + 1]);
                i += 2;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        literals.Add(text.ToString());
        return i + 1;
    }
}
