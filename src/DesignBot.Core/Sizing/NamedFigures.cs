using System.Text.RegularExpressions;

namespace DesignBot.Core.Sizing;

/// <summary>A figure and the thing a sentence says it is about: `thumbnails 50 KB` → ("thumbnails", 50 KB); null when unnamed.</summary>
public sealed record NamedFigure(string? Name, Quantity Quantity)
{
    /// <summary>The name for matching: lower case, a plural `s` dropped (`Images` and `image` are one type).</summary>
    public string Key => KeyOf(Name);

    public static string KeyOf(string? name)
    {
        var key = (name ?? "").Trim().ToLowerInvariant();
        return key.Length > 3 && key.EndsWith('s') && !key.EndsWith("ss", StringComparison.Ordinal) ? key[..^1] : key;
    }

    /// <summary>Two keys name one thing when equal, or when one starts the other (`thumb`, `thumbnail`).</summary>
    public static bool SameThing(string a, string b) =>
        a == b || (a.Length >= 4 && b.Length >= 4 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal)));
}

/// <summary>
/// Reads the figures of a sentence that lists several things (`images ~2 MB, thumbnails 50 KB`, `60% EU, 30% US`,
/// `2 MB originals and 50 KB previews`), each with the words beside it as its name. The sentence's first figure decides
/// whether names stand before or after their figures, so `60% EU 30% US` reads EU and US.
/// </summary>
public static partial class NamedFigures
{
    private static readonly HashSet<string> s_filler = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "about", "around", "roughly", "approx", "approximately", "maybe", "say", "each", "per", "for",
        "are", "is", "at", "of", "avg", "average", "mostly", "typically", "usually", "like", "up", "to", "than", "less", "more",
        "or", "with", "in", "on", "from", "users", "user", "reads", "read", "writes", "write", "size", "sizes", "ish", "so",
        "we", "our", "those", "these", "them", "it", "and", "plus", "then", "be", "will", "would", "go", "goes", "get", "gets",
        "served", "serve", "hit", "hits", "cache", "cached", "share", "all", "every", "only",
        "rest", "remaining", "others", "other", "else", "everything",
    };

    public static IReadOnlyList<NamedFigure> Read(string? text, QuantityKind kind)
    {
        var source = text ?? "";
        var figures = QuantityParser.AllWithUnits(source, kind);
        if (figures.Count == 0)
            return [];
        var before = new string?[figures.Count];
        var after = new string?[figures.Count];
        for (var i = 0; i < figures.Count; i++)
        {
            var previousEnd = i == 0 ? 0 : figures[i - 1].End;
            var nextStart = i + 1 < figures.Count ? figures[i + 1].Start : source.Length;
            before[i] = NameIn(LastClause(source[previousEnd..figures[i].Start]));
            after[i] = NameIn(FirstClause(source[figures[i].End..nextStart]));
        }
        var namesBefore = before[0] is not null || (after[0] is null && before.Any(n => n is not null));
        return [.. figures.Select((f, i) => new NamedFigure(namesBefore ? before[i] ?? after[i] : after[i] ?? before[i], f.Quantity))];
    }

    private static string LastClause(string text)
    {
        var parts = SeparatorPattern().Split(text);
        return parts[^1];
    }

    private static string FirstClause(string text) => SeparatorPattern().Split(text)[0];

    /// <summary>Up to two words that are not filler, as typed: "of users in the EU" → "EU".</summary>
    private static string? NameIn(string clause)
    {
        var words = WordPattern().Matches(clause).Select(m => m.Value).Where(w => !s_filler.Contains(w)).Take(2).ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }

    [GeneratedRegex(@"[,;()]|\.\s|\s+(?:and|plus|&|\+)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
