namespace DesignBot.Core.Sizing;

/// <summary>
/// A figure with both ends of what the team said (`2-3` writes per user): Low ≤ High, equal for a single value. Every
/// operation the estimate uses is monotone on non-negative numbers, so each end is computed from the same ends.
/// </summary>
public readonly record struct ValueRange(double Low, double High)
{
    public static ValueRange Of(double value) => new(value, value);

    public static ValueRange Of(Quantity quantity) => new(Math.Min(quantity.Low ?? quantity.Value, quantity.Value), quantity.Value);

    public bool IsSingle => Low == High;

    public static ValueRange operator +(ValueRange a, ValueRange b) => new(a.Low + b.Low, a.High + b.High);

    public static ValueRange operator *(ValueRange a, ValueRange b) => new(a.Low * b.Low, a.High * b.High);

    public static ValueRange operator *(ValueRange a, double factor) => new(a.Low * factor, a.High * factor);

    public static ValueRange operator /(ValueRange a, double divisor) => new(a.Low / divisor, a.High / divisor);

    /// <summary>1 − this, for a share: a high hit ratio gives the low miss ratio.</summary>
    public ValueRange Complement() => new(1 - High, 1 - Low);

    public static ValueRange Sum(IEnumerable<ValueRange> ranges) => ranges.Aggregate(Of(0), (total, r) => total + r);
}
