namespace DesignBot.Core.Sizing;

/// <summary>What a parsed quantity measures; decides how <see cref="Quantity.Value"/> is read.</summary>
public enum QuantityKind
{
    /// <summary>A plain number (users, writes per day).</summary>
    Count,

    /// <summary>A size in bytes.</summary>
    Bytes,

    /// <summary>Reads per write: the left side divided by the right side of "100:1".</summary>
    Ratio,

    /// <summary>A length of time in days.</summary>
    Duration,

    /// <summary>A factor: "2x" is 2.</summary>
    Multiplier,

    /// <summary>A fraction: "10%" is 0.1.</summary>
    Percent,
}

/// <summary>A parsed value together with the text the user typed, so answers can echo their words.</summary>
/// <param name="Value">The value in the kind's base unit (see <see cref="QuantityKind"/>); for a range, its high end.</param>
/// <param name="Kind">What the value measures.</param>
/// <param name="Text">The input as typed, trimmed.</param>
public readonly record struct Quantity(double Value, QuantityKind Kind, string Text)
{
    /// <summary>The low end of a range (`2-3` → 2, with Value 3), in the same unit as Value; null for a single value.</summary>
    public double? Low { get; init; }
}
