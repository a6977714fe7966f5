namespace DesignBot.Core.Sizing;

/// <summary>One line of an estimate.</summary>
/// <param name="Group">"Traffic", "Storage", "Bandwidth" or "Regions".</param>
/// <param name="Name">E.g. "Average write QPS".</param>
/// <param name="Value">Raw value in <paramref name="Unit"/>; for a range its high end (see <see cref="Low"/>).</param>
/// <param name="Unit">"writes/s", "reads/s", "writes/day", "bytes", "bytes/day" or "bytes/s".</param>
/// <param name="Display">Formatted value with its unit, both ends of a range: "231–347 writes/s", "463 MB/s (3.7 Gbit/s)".</param>
/// <param name="Arithmetic">How it was computed, e.g. "10M DAU × 2 writes/day ÷ 86,400 s ≈ 231 writes/s".</param>
public sealed record SizingFigure(string Group, string Name, double Value, string Unit, string Display, string Arithmetic)
{
    /// <summary>The low end when an input was a range; equal to Value otherwise.</summary>
    public double Low { get; init; } = Value;
}

/// <summary>A headline figure under the short label the summary shows ("Storage per year").</summary>
public sealed record SizingHeadline(string Label, SizingFigure Figure);

/// <summary>A value a member gave for an input that the estimate does not use, with its author.</summary>
public sealed record OtherValue(string Author, string Value);

/// <summary>
/// Which value an input uses and why: the only one given, the latest of several, the one the owner pinned, or the
/// template's default; and what the other members said.
/// </summary>
/// <param name="Name">"Media size (thumbnails)".</param>
/// <param name="Value">"50 KB".</param>
/// <param name="Author">Who gave it; null for a default.</param>
/// <param name="Why">"only answer", "latest", "pinned by alice", "default".</param>
/// <param name="Others">Different values other members gave, oldest first.</param>
public sealed record SizingInputLine(string Name, string Value, string? Author, string Why, IReadOnlyList<OtherValue> Others)
{
    /// <summary>"Media size: 2 MB (bob, pinned by alice) — carol said 50 KB"; "Replication: 3 (default)".</summary>
    public string Text()
    {
        var source = Author is null ? Why : Why == SizingInputs.OnlyAnswer ? Author : $"{Author}, {Why}";
        var others = Others.Count == 0 ? "" : " — " + string.Join(", ", Others.Select(o => $"{o.Author} said {o.Value}"));
        return $"{Name}: {Value} ({source}){others}";
    }
}

/// <summary>The figures that could be computed, how each input was chosen, what is missing, and questions it raises.</summary>
public sealed record SizingEstimate(IReadOnlyList<SizingFigure> Figures, IReadOnlyList<string> Missing, string? Regions)
{
    /// <summary>Each input the estimate read: the value used, why, and the other members' values.</summary>
    public IReadOnlyList<SizingInputLine> Inputs { get; init; } = [];

    /// <summary>Replies kept as text that the estimate could not use, each with what to give instead (`1e7 what — bytes, KB?`).</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>Figures out of proportion with what the team said, each one line, as a question for the detailed design.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The unit rules the arithmetic follows, said once.</summary>
    public static string Rules =>
        "Rules: a day is 86,400 s, a year 365 days and a month a twelfth of it (30.4 days); sizes are decimal (1 KB = 1,000 bytes, binary in brackets); "
        + "1 byte = 8 bits; a range carries both ends through every figure.";

    /// <summary>True when no input was missing.</summary>
    public bool IsComplete => Missing.Count == 0;

    public SizingFigure? Figure(string name) => Figures.FirstOrDefault(f => f.Name == name);

    /// <summary>What the summary shows: peak read QPS, peak write QPS, storage per year (with replication), peak egress — those computed.</summary>
    public IReadOnlyList<SizingHeadline> Headline =>
        [.. new (string Label, string Name)[]
            {
                ("Peak read QPS", SizingFigureNames.PeakReadQps),
                ("Peak write QPS", SizingFigureNames.PeakWriteQps),
                ("Storage per year", SizingFigureNames.StoragePerYearReplicated),
                ("Peak egress", SizingFigureNames.PeakEgress),
            }
            .Where(h => Figure(h.Name) is not null)
            .Select(h => new SizingHeadline(h.Label, Figure(h.Name)!))];
}

/// <summary>Names of the figures other code looks up.</summary>
public static class SizingFigureNames
{
    public const string PeakReadQps = "Peak read QPS";
    public const string PeakWriteQps = "Peak write QPS";
    public const string StoragePerYearReplicated = "Total storage per year with replication";
    public const string PeakEgress = "Peak egress";
}

/// <summary>A media type the team named, with its size and what share of writes store it and of reads fetch it.</summary>
public sealed record MediaType(string Name, Quantity Size)
{
    public Quantity? WriteShare { get; init; }

    /// <summary>Null when the team gave no read mix: a read then fetches what a write stores.</summary>
    public Quantity? ReadShare { get; init; }
}

/// <summary>A region and its share of users: `60% EU`.</summary>
public sealed record RegionShare(string Name, Quantity Share);

/// <summary>
/// A value the review's owner pinned for a question (`use bob's`, `pin q5`): the estimate uses that answer whatever is
/// answered later. Kept in <see cref="Reviews.ReviewState.Pins"/>.
/// </summary>
public sealed record SizingPin(string StepId, string QuestionId, string AnswerId, string PinnedBy);
