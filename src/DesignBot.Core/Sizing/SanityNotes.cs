using System.Text.RegularExpressions;

namespace DesignBot.Core.Sizing;

/// <summary>
/// Figures out of proportion with what the team said, one line each, asked as questions for the detailed design — the
/// thresholds are typical figures, not verdicts, and each note names the one it used.
/// </summary>
internal static partial class SanityNotes
{
    /// <summary>Simple queries per second one relational database node typically serves.</summary>
    public const double SingleDatabaseReads = 10_000;

    /// <summary>Writes per second one database primary typically takes.</summary>
    public const double SingleDatabaseWrites = 5_000;

    /// <summary>What one region of a CDN serves without a capacity plan: about 100 Gbit/s, in bytes per second.</summary>
    public const double OneRegionCdnBytesPerSecond = 100e9 / 8;

    /// <summary>The shard size the partitioning note counts in.</summary>
    public const double ShardBytes = 1e12;

    public static List<string> For(SizingInputs inputs, IReadOnlyList<SizingFigure> figures)
    {
        var notes = new List<string>(inputs.InputNotes);
        ReadPath(inputs, notes);
        Database(figures, notes);
        Partitioning(figures, notes);
        Cdn(inputs, figures, notes);
        return notes;
    }

    private static void ReadPath(SizingInputs inputs, List<string> notes)
    {
        if (inputs.ReadWriteRatio is not { } ratio || ratio.Value < 2 || inputs.ReadPathText is not { } api || ReadVerbPattern().IsMatch(api))
            return;
        var where = api.Trim().Length == 0 ? "the API step has no answers yet" : "the API step names no read call (get, list, feed, search…)";
        notes.Add($"Reads outnumber writes {QuantityText.Of(ratio)}, but {where} — which API serves the reads?");
    }

    private static void Database(IReadOnlyList<SizingFigure> figures, List<string> notes)
    {
        if (Find(figures, SizingFigureNames.PeakWriteQps) is { } writes && writes.Value > SingleDatabaseWrites)
            notes.Add($"Peak writes of {writes.Display} are {Times(writes.Value, SingleDatabaseWrites)} what one database primary typically takes (~{NumberFormat.Grouped(SingleDatabaseWrites)} writes/s) — partitioned writes, or a queue in front?");
        if (Find(figures, SizingFigureNames.PeakReadQps) is { } reads && reads.Value > SingleDatabaseReads)
            notes.Add($"Peak reads of {reads.Display} are {Times(reads.Value, SingleDatabaseReads)} what one database typically serves (~{NumberFormat.Grouped(SingleDatabaseReads)} queries/s) — a cache, read replicas or partitions?");
    }

    // Metadata lives in a database that must be split once it outgrows a node; media belongs in an object store.
    private static void Partitioning(IReadOnlyList<SizingFigure> figures, List<string> notes)
    {
        var text = Find(figures, "Text storage over retention") ?? Find(figures, "Text storage per year");
        if (text is null || text.Value <= ShardBytes)
            return;
        var over = text.Name.EndsWith("retention", StringComparison.Ordinal) ? "over retention" : "in a year";
        var shards = NumberFormat.Span(new ValueRange(Math.Ceiling(text.Low / ShardBytes), Math.Ceiling(text.Value / ShardBytes)), NumberFormat.Grouped);
        notes.Add($"Text and metadata grow to {text.Display} {over}: about {shards} shards of {NumberFormat.Bytes(ShardBytes)} each before replication — what is the partition key?");
    }

    private static void Cdn(SizingInputs inputs, IReadOnlyList<SizingFigure> figures, List<string> notes)
    {
        if (inputs.CdnCapacityNoted)
            return;
        var perRegion = figures.Where(f => f.Group == "Regions" && f.Name.StartsWith("Peak egress in ", StringComparison.Ordinal)).ToList();
        var candidates = perRegion.Count > 0 ? perRegion : [.. figures.Where(f => f.Name == SizingFigureNames.PeakEgress)];
        foreach (var egress in candidates.Where(f => f.Value > OneRegionCdnBytesPerSecond))
        {
            var where = egress.Name == SizingFigureNames.PeakEgress ? "Peak egress" : egress.Name;
            notes.Add($"{where} is {egress.Display}, above the ~100 Gbit/s one region's CDN typically serves — several CDNs, more regions, or smaller renditions?");
        }
    }

    private static SizingFigure? Find(IReadOnlyList<SizingFigure> figures, string name) => figures.FirstOrDefault(f => f.Name == name);

    private static string Times(double value, double capacity) => $"about {NumberFormat.Compact(Math.Round(value / capacity, value / capacity < 10 ? 1 : 0))}×";

    [GeneratedRegex(@"\b(?:get|gets|list|lists|listing|read|reads|fetch|fetches|feed|feeds|search|view|views|query|download|lookup|look\s+up|resolve|resolves|redirect|redirects|expand|history|timeline|poll|subscribe|stream)\w*\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadVerbPattern();
}
