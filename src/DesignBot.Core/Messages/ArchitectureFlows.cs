using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DesignBot.Core.Messages;

/// <summary>A connection between two components, optionally labelled (`API -[writes]-> Store`).</summary>
public sealed record FlowEdge(string From, string To, string? Label);

/// <summary>
/// The components and connections members wrote as flows, one per line: `Client -> API gateway -> Photo service`
/// (also `→`, `-->`, `=>`, and `A -[writes]-> B` for a labelled connection). Free text around a flow is allowed when a
/// colon, a comma or a full stop sets it apart: `Uploads: Client -> API -> Object store, async.`
/// </summary>
public sealed partial record ArchitectureFlows(IReadOnlyList<string> Components, IReadOnlyList<FlowEdge> Edges)
{
    private const int MaxLabel = 60;

    // Opening and closing characters, two by two.
    private const string Pairs = "``\"\"''“”[]()<>{}";

    public bool IsEmpty => Edges.Count == 0;

    /// <summary>Every flow in the texts, components in order of first mention (the same name in any case is one component).</summary>
    public static ArchitectureFlows Parse(IEnumerable<string> texts)
    {
        var components = new List<string>();
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var edges = new List<FlowEdge>();
        string Component(string name)
        {
            var key = Key(name);
            if (byKey.TryGetValue(key, out var known))
                return known;
            byKey[key] = name;
            components.Add(name);
            return name;
        }

        foreach (var line in texts.SelectMany(AnswerText.Lines))
        {
            var arrows = ArrowRegex().Matches(line);
            if (arrows.Count == 0)
                continue;
            var names = new List<string>();
            var labels = new List<string?>();
            var from = 0;
            for (var i = 0; i <= arrows.Count; i++)
            {
                var end = i < arrows.Count ? arrows[i].Index : line.Length;
                var segment = line[from..end];
                names.Add(Clean(i == 0 ? AfterLeadingText(segment) : i == arrows.Count ? BeforeTrailingText(segment) : segment));
                if (i < arrows.Count)
                {
                    labels.Add(arrows[i].Groups["label"].Success ? Clean(arrows[i].Groups["label"].Value) : null);
                    from = arrows[i].Index + arrows[i].Length;
                }
            }
            for (var i = 0; i < labels.Count; i++)
            {
                // A flow with a gap (`-> B`, `A ->`) keeps the connections it does name.
                if (names[i].Length == 0 || names[i + 1].Length == 0)
                    continue;
                var edge = new FlowEdge(Component(names[i]), Component(names[i + 1]), labels[i] is { Length: > 0 } label ? label : null);
                if (!edges.Contains(edge))
                    edges.Add(edge);
            }
        }
        return new ArchitectureFlows(components, edges);
    }

    /// <summary>
    /// The flows as a Mermaid flowchart, left to right: node ids are `n1`, `n2`… (never member text), labels quoted with
    /// every character that means something to Mermaid or HTML written as an entity code (`#60;`), so a label can
    /// neither end its node nor become markup.
    /// </summary>
    public string Mermaid()
    {
        var ids = Components.Select((name, i) => (name, id: $"n{i + 1}")).ToDictionary(c => c.name, c => c.id, StringComparer.Ordinal);
        var md = new StringBuilder("flowchart LR\n");
        foreach (var name in Components)
            md.Append("  ").Append(ids[name]).Append("[\"").Append(MermaidText(name)).Append("\"]\n");
        foreach (var edge in Edges)
        {
            md.Append("  ").Append(ids[edge.From]).Append(" -->");
            if (edge.Label is { } label)
                md.Append("|\"").Append(MermaidText(label)).Append("\"|");
            md.Append(' ').Append(ids[edge.To]).Append('\n');
        }
        return md.ToString();
    }

    /// <summary>One line per component: what it receives from and sends to, `API gateway — from Client; to Photo service`.</summary>
    public IReadOnlyList<string> ComponentLines() =>
        [.. Components.Select(name =>
        {
            var sources = Edges.Where(e => e.To == name).Select(e => Said(e.From, e.Label)).Distinct().ToList();
            var targets = Edges.Where(e => e.From == name).Select(e => Said(e.To, e.Label)).Distinct().ToList();
            var parts = new List<string>();
            if (sources.Count > 0)
                parts.Add("from " + string.Join(", ", sources));
            if (targets.Count > 0)
                parts.Add("to " + string.Join(", ", targets));
            return $"{name} — {string.Join("; ", parts)}";
        })];

    private static string Said(string component, string? label) => label is null ? component : $"{component} ({label})";

    /// <summary>Mermaid's entity codes for every character outside letters, digits, spaces and plain punctuation.</summary>
    public static string MermaidText(string text)
    {
        var md = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '-' or '_' or '.' or ',' or '/' or ':' or '\'' or '?' or '!' or '+' or '*' or '=')
                md.Append(rune.ToString());
            else if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
                md.Append(' ');
            else
                md.Append('#').Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        return md.ToString();
    }

    // A component's name: trimmed of list marks, quotes and brackets around it, spaces collapsed, at most MaxLabel long.
    private static string Clean(string segment)
    {
        var name = SpacesRegex().Replace(segment, " ").Trim().TrimStart('-', '*', '•', '+').Trim().TrimEnd('.', ',', ':', ';').Trim();
        // `Client`, "Client", [Client], <Client>: the pair around a name is no part of it; a lone bracket is.
        while (name.Length >= 2 && Pairs.Contains($"{name[0]}{name[^1]}", StringComparison.Ordinal) && Pairs.IndexOf($"{name[0]}{name[^1]}", StringComparison.Ordinal) % 2 == 0)
            name = name[1..^1].Trim();
        return Text.TextLimit.Shorten(name, MaxLabel);
    }

    private static string AfterLeadingText(string segment)
    {
        var cut = LeadingTextRegex().Match(segment);
        var rest = cut.Success ? segment[(cut.Index + cut.Length)..] : segment;
        return OrderedListRegex().Replace(rest, "");
    }

    private static string BeforeTrailingText(string segment)
    {
        var cut = TrailingTextRegex().Match(segment);
        return cut.Success ? segment[..cut.Index] : segment;
    }

    private static string Key(string name) => name.ToLowerInvariant();

    // `->`, `-->`, `→`, `=>`, `⇒`, `-[label]->`; `<->` is no arrow of ours. A lone `>` is not one either (`a > b` is prose).
    [GeneratedRegex(@"\s*(?:-\[(?<label>[^\]\r\n]{1,60})\]->|-{1,2}>|=>|→|⇒|⟶)\s*")]
    private static partial Regex ArrowRegex();

    // The last `:`, `;`, `.` or `,` followed by a space before the first arrow ends the free text before a flow.
    [GeneratedRegex(@"^.*[:;.,](?=\s)", RegexOptions.Singleline)]
    private static partial Regex LeadingTextRegex();

    // The first `,` `;` `.` followed by a space (or the end), `(` or ` — ` after the last arrow starts free text after it.
    [GeneratedRegex(@"[,;.](?=\s|$)|\(|\s[—–]\s")]
    private static partial Regex TrailingTextRegex();

    [GeneratedRegex(@"^\s*\d+[.)]\s+")]
    private static partial Regex OrderedListRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacesRegex();
}
