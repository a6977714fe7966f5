namespace DesignBot.Core.Sizing;

/// <summary>The answers gathered for a sizing estimate; null means the user has not given it.</summary>
/// <param name="DailyActiveUsers">Count.</param>
/// <param name="WritesPerUserPerDay">Count.</param>
/// <param name="ReadWriteRatio">Ratio (reads per write).</param>
/// <param name="TextSizePerWrite">Bytes.</param>
/// <param name="MediaSizePerWrite">Bytes; null or 0 means the system stores no media.</param>
/// <param name="MediaShareOfWrites">Percent of writes that carry media.</param>
/// <param name="Retention">Duration.</param>
/// <param name="PeakFactor">Multiplier of peak over average traffic.</param>
/// <param name="ReplicationFactor">Multiplier; defaults to 3 when missing.</param>
/// <param name="Regions">Free text, passed through for commentary on where bandwidth goes.</param>
public sealed record SizingInputs(
    Quantity? DailyActiveUsers,
    Quantity? WritesPerUserPerDay,
    Quantity? ReadWriteRatio,
    Quantity? TextSizePerWrite,
    Quantity? MediaSizePerWrite,
    Quantity? MediaShareOfWrites,
    Quantity? Retention,
    Quantity? PeakFactor,
    Quantity? ReplicationFactor,
    string? Regions);

/// <summary>One line of an estimate.</summary>
/// <param name="Group">"Traffic", "Storage" or "Bandwidth".</param>
/// <param name="Name">E.g. "Average write QPS".</param>
/// <param name="Value">Raw value in <paramref name="Unit"/>.</param>
/// <param name="Unit">"req/s", "writes/day", "bytes", "bytes/day" or "bytes/s".</param>
/// <param name="Display">Formatted value with its unit, e.g. "231 req/s".</param>
/// <param name="Arithmetic">How it was computed, e.g. "10M DAU × 2 writes/day ÷ 86,400 s ≈ 231 writes/s".</param>
public sealed record SizingFigure(string Group, string Name, double Value, string Unit, string Display, string Arithmetic);

/// <summary>The figures that could be computed, and the inputs still needed for the rest.</summary>
public sealed record SizingEstimate(IReadOnlyList<SizingFigure> Figures, IReadOnlyList<string> Missing, string? Regions)
{
    /// <summary>True when no input was missing.</summary>
    public bool IsComplete => Missing.Count == 0;
}
