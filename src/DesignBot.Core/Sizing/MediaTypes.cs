namespace DesignBot.Core.Sizing;

/// <summary>
/// Puts the media types together: each named size, with the share of writes that store it and of reads that fetch it.
/// A share names its type (`videos 5%`); an unnamed share is every type's not named otherwise; with one type and one
/// share they belong together whatever their names.
/// </summary>
internal static class MediaTypes
{
    public static List<MediaType> Combine(
        List<(string Key, string? Name, Quantity Value)> sizes,
        List<(string Key, string? Name, Quantity Value)> writeShares,
        List<(string Key, string? Name, Quantity Value)> readShares,
        List<string> notes)
    {
        var types = sizes.Select(s => (s.Key, Name: s.Name ?? "media", s.Value)).ToList();
        var names = string.Join(", ", types.Select(t => t.Name));
        var media = types.Select(t => new MediaType(t.Name, t.Value)
        {
            WriteShare = ShareOf(t.Key, types.Count, writeShares),
            ReadShare = readShares.Count == 0 ? null : ShareOf(t.Key, types.Count, readShares) ?? new Quantity(0, QuantityKind.Percent, ""),
        }).ToList();
        if (types.Count > 0)
        {
            Unmatched(writeShares, types, "The share of writes", names, notes);
            Unmatched(readShares, types, "The share of reads", names, notes);
        }
        return media;
    }

    private static Quantity? ShareOf(string key, int typeCount, List<(string Key, string? Name, Quantity Value)> shares)
    {
        if (typeCount == 1 && shares.Count == 1)
            return shares[0].Value;
        var named = shares.Where(s => s.Key.Length > 0 && !s.Key.StartsWith('#')).FirstOrDefault(s => NamedFigure.SameThing(s.Key, key));
        if (named.Name is not null)
            return named.Value;
        var rest = shares.FirstOrDefault(s => s.Key.Length == 0);
        return rest.Key is null ? null : rest.Value;
    }

    private static void Unmatched(List<(string Key, string? Name, Quantity Value)> shares, List<(string Key, string Name, Quantity Value)> types, string what, string names, List<string> notes)
    {
        if (types.Count == 1 && shares.Count == 1)
            return;
        foreach (var share in shares.Where(s => s.Name is not null && !types.Any(t => NamedFigure.SameThing(t.Key, s.Key))))
            notes.Add($"{what} names \"{share.Name}\", which is no media type given with a size ({names}) — which type is it?");
    }
}
