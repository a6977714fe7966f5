using static DesignBot.Core.Sizing.NumberFormat;

namespace DesignBot.Core.Sizing;

/// <summary>A quantity as the estimate names it, both ends of a range: "10M", "2–3", "2 MB", "100:1", "1,825 days", "3x", "10%".</summary>
public static class QuantityText
{
    public static string Of(Quantity quantity)
    {
        var range = ValueRange.Of(quantity);
        return quantity.Kind switch
        {
            QuantityKind.Bytes => Span(range, Bytes),
            QuantityKind.Ratio => Span(range, Compact) + ":1",
            QuantityKind.Duration => Span(range, DaysNumber) + " days",
            QuantityKind.Multiplier => Span(range, Compact) + "x",
            QuantityKind.Percent => Span(range, Percent),
            _ => Span(range, Compact),
        };
    }

    /// <summary>Days as a number: whole days grouped (1,825), a part day with one decimal (547.5, 1.5).</summary>
    public static string DaysNumber(double days) =>
        Math.Abs(days - Math.Round(days)) < 1e-9 ? Grouped(days) : Math.Round(days, 1, MidpointRounding.AwayFromZero).ToString("#,0.#", System.Globalization.CultureInfo.InvariantCulture);
}
