using System.Globalization;
using DesignBot.Core.Sizing;

namespace DesignBot.Core.Tests.Sizing;

public class QuantityParserTests
{
    private static Quantity Parse(string input, QuantityKind kind)
    {
        Assert.True(QuantityParser.TryParse(input, kind, out var quantity, out var error), error);
        Assert.Equal(string.Empty, error);
        return quantity;
    }

    private static string Reject(string? input, QuantityKind kind)
    {
        Assert.False(QuantityParser.TryParse(input, kind, out var quantity, out var error));
        Assert.Equal(default, quantity);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Theory]
    [InlineData("10M", 10e6)]
    [InlineData("10 M", 10e6)]
    [InlineData("10m", 10e6)]
    [InlineData("10 mn", 10e6)]
    [InlineData("3 million", 3e6)]
    [InlineData("3 Million", 3e6)]
    [InlineData("1.5k", 1_500)]
    [InlineData("1.5K", 1_500)]
    [InlineData("2 thousand", 2_000)]
    [InlineData("2 billion", 2e9)]
    [InlineData("2B", 2e9)]
    [InlineData("2bn", 2e9)]
    [InlineData("1T", 1e12)]
    [InlineData("1 trillion", 1e12)]
    [InlineData("2,500", 2_500)]
    [InlineData("1,000,000", 1e6)]
    [InlineData("2500", 2_500)]
    [InlineData("0.5", 0.5)]
    [InlineData(".5", 0.5)]
    [InlineData("0", 0)]
    [InlineData("1e6", 1e6)]
    [InlineData("1E6", 1e6)]
    [InlineData("2.5e3", 2_500)]
    [InlineData("1,500.5", 1_500.5)]
    [InlineData("  10M  ", 10e6)]
    [InlineData("10M users", 10e6)]
    [InlineData("10 million users", 10e6)]
    [InlineData("2 writes/day", 2)]
    [InlineData("5 per day", 5)]
    [InlineData("1.5k DAU", 1_500)]
    [InlineData("10M!", 10e6)]
    public void Count_accepted(string input, double expected)
    {
        var q = Parse(input, QuantityKind.Count);
        Assert.Equal(expected, q.Value, 6);
        Assert.Equal(QuantityKind.Count, q.Kind);
        Assert.Equal(input.Trim(), q.Text);
    }

    [Theory]
    [InlineData("200 KB", 200e3)]
    [InlineData("200KB", 200e3)]
    [InlineData("200 kb", 200e3)]
    [InlineData("2 kB", 2e3)]
    [InlineData("1.5MB", 1.5e6)]
    [InlineData("1 GB", 1e9)]
    [InlineData("1 TB", 1e12)]
    [InlineData("3 PB", 3e15)]
    [InlineData("1 KiB", 1024)]
    [InlineData("1 MiB", 1_048_576)]
    [InlineData("1 GiB", 1_073_741_824)]
    [InlineData("1 gib", 1_073_741_824)]
    [InlineData("1 TiB", 1_099_511_627_776)]
    [InlineData("512 bytes", 512)]
    [InlineData("1 byte", 1)]
    [InlineData("512 B", 512)]
    [InlineData("512b", 512)]
    [InlineData("2 KB per write", 2e3)]
    [InlineData("2 KB/post", 2e3)]
    [InlineData("0", 0)]
    public void Bytes_accepted(string input, double expected)
    {
        var q = Parse(input, QuantityKind.Bytes);
        Assert.Equal(expected, q.Value, 6);
        Assert.Equal(QuantityKind.Bytes, q.Kind);
    }

    // A size without a unit is not silently taken as bytes: it is asked back, quoting the number typed.
    [Theory]
    [InlineData("512", "512")]
    [InlineData("2,048", "2,048")]
    [InlineData("200 K", "200 K")]
    [InlineData("1e7", "1e7")]
    [InlineData("about 1e7 per upload", "1e7")]
    public void Bytes_without_a_unit_are_asked_back(string input, string number) =>
        Assert.Equal($"I couldn't read a size from \"{input}\": {number} what — bytes, KB, MB or GB?", Reject(input, QuantityKind.Bytes));

    [Theory]
    [InlineData("100:1", 100)]
    [InlineData("1:100", 0.01)]
    [InlineData("10 : 1", 10)]
    [InlineData("5/1", 5)]
    [InlineData("100", 100)]
    [InlineData("1,000:1", 1_000)]
    [InlineData("3:2", 1.5)]
    [InlineData("0:1", 0)]
    [InlineData("100:1 (reads:writes)", 100)]
    [InlineData("100:1 reads:writes", 100)]
    public void Ratio_accepted(string input, double expected)
    {
        var q = Parse(input, QuantityKind.Ratio);
        Assert.Equal(expected, q.Value, 9);
        Assert.Equal(QuantityKind.Ratio, q.Kind);
    }

    [Theory]
    [InlineData("3 years", 1_095)]
    [InlineData("3 yrs", 1_095)]
    [InlineData("3y", 1_095)]
    [InlineData("1 year", 365)]
    [InlineData("3 Years", 1_095)]
    // A month is a twelfth of a 365-day year, so 60 months are 5 years (1,825 days) and 18 months 1.5 years.
    [InlineData("18 months", 547.5)]
    [InlineData("60 months", 1_825)]
    [InlineData("1 month", 365 / 12d)]
    [InlineData("6mo", 182.5)]
    [InlineData("90 days", 90)]
    [InlineData("90d", 90)]
    [InlineData("1 day", 1)]
    [InlineData("2 weeks", 14)]
    [InlineData("2w", 14)]
    [InlineData("48 hours", 2)]
    [InlineData("1.5 years", 547.5)]
    public void Duration_accepted_in_days(string input, double expectedDays)
    {
        var q = Parse(input, QuantityKind.Duration);
        Assert.Equal(expectedDays, q.Value, 9);
        Assert.Equal(QuantityKind.Duration, q.Kind);
    }

    [Theory]
    [InlineData("2x", 2)]
    [InlineData("2 x", 2)]
    [InlineData("2X", 2)]
    [InlineData("2×", 2)]
    [InlineData("2", 2)]
    [InlineData("1.5x", 1.5)]
    [InlineData("3 replicas", 3)]
    public void Multiplier_accepted(string input, double expected)
    {
        var q = Parse(input, QuantityKind.Multiplier);
        Assert.Equal(expected, q.Value, 9);
        Assert.Equal(QuantityKind.Multiplier, q.Kind);
    }

    [Theory]
    [InlineData("10%", 0.1)]
    [InlineData("10 %", 0.1)]
    [InlineData("10 percent", 0.1)]
    [InlineData("0.1", 0.1)]
    [InlineData("1", 1)]
    [InlineData("10", 0.1)]
    [InlineData("100", 1)]
    [InlineData("100%", 1)]
    [InlineData("0%", 0)]
    [InlineData("2.5%", 0.025)]
    [InlineData("0.5%", 0.005)]
    [InlineData("10% of writes", 0.1)]
    public void Percent_accepted_as_fraction(string input, double expected)
    {
        var q = Parse(input, QuantityKind.Percent);
        Assert.Equal(expected, q.Value, 9);
        Assert.Equal(QuantityKind.Percent, q.Kind);
    }

    [Theory]
    [InlineData("lots", QuantityKind.Count)]
    [InlineData("1.2.3", QuantityKind.Count)]
    [InlineData("2,50", QuantityKind.Count)]
    [InlineData("1,0000", QuantityKind.Count)]
    [InlineData("10Musers", QuantityKind.Count)]
    [InlineData("NaN", QuantityKind.Count)]
    [InlineData("Infinity", QuantityKind.Count)]
    [InlineData("1e999", QuantityKind.Count)]
    [InlineData("10%", QuantityKind.Count)]
    [InlineData("ten", QuantityKind.Count)]
    [InlineData("1.5 MB", QuantityKind.Count)]
    [InlineData("2 KiB", QuantityKind.Count)]
    [InlineData("512 bytes", QuantityKind.Count)]
    [InlineData("big", QuantityKind.Bytes)]
    [InlineData("10 foos", QuantityKind.Bytes)]
    [InlineData("200 K", QuantityKind.Bytes)]
    [InlineData("1.2.3 MB", QuantityKind.Bytes)]
    [InlineData("NaN MB", QuantityKind.Bytes)]
    [InlineData("many", QuantityKind.Ratio)]
    [InlineData("100:", QuantityKind.Ratio)]
    [InlineData("100:1:1", QuantityKind.Ratio)]
    [InlineData("forever", QuantityKind.Duration)]
    [InlineData("3 eons", QuantityKind.Duration)]
    [InlineData("a lot", QuantityKind.Multiplier)]
    [InlineData("2xx", QuantityKind.Multiplier)]
    [InlineData("some", QuantityKind.Percent)]
    [InlineData("10%%", QuantityKind.Percent)]
    public void Rejected_with_message_quoting_input(string input, QuantityKind kind)
    {
        var error = Reject(input, kind);
        Assert.Contains($"\"{input}\"", error, StringComparison.Ordinal);
        // One line saying what could not be read; how to give it again is the conversation's to add.
        Assert.StartsWith("I couldn't read ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("try ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots", QuantityKind.Count, "I couldn't read a number from \"lots\"")]
    [InlineData("big", QuantityKind.Bytes, "I couldn't read a size from \"big\"")]
    [InlineData("many", QuantityKind.Ratio, "I couldn't read a ratio from \"many\"")]
    [InlineData("forever", QuantityKind.Duration, "I couldn't read a duration from \"forever\"")]
    [InlineData("a lot", QuantityKind.Multiplier, "I couldn't read a factor from \"a lot\"")]
    [InlineData("some", QuantityKind.Percent, "I couldn't read a percentage from \"some\"")]
    [InlineData("  lots  ", QuantityKind.Count, "I couldn't read a number from \"lots\"")]
    [InlineData("90", QuantityKind.Duration, "I couldn't read a duration from \"90\": it needs a unit (days, months or years)")]
    public void Error_messages_are_exact(string input, QuantityKind kind, string expected) =>
        Assert.Equal(expected, Reject(input, kind));

    [Theory]
    [InlineData("-5", QuantityKind.Count, "can't be negative")]
    [InlineData("-10M", QuantityKind.Count, "can't be negative")]
    [InlineData("-200 KB", QuantityKind.Bytes, "can't be negative")]
    [InlineData("-1:1", QuantityKind.Ratio, "can't be negative")]
    [InlineData("-3 years", QuantityKind.Duration, "can't be negative")]
    [InlineData("-2x", QuantityKind.Multiplier, "can't be negative")]
    [InlineData("-10%", QuantityKind.Percent, "can't be negative")]
    [InlineData("90", QuantityKind.Duration, "needs a unit")]
    [InlineData("0 days", QuantityKind.Duration, "more than 0")]
    [InlineData("0x", QuantityKind.Multiplier, "more than 0")]
    [InlineData("0", QuantityKind.Multiplier, "more than 0")]
    [InlineData("1:0", QuantityKind.Ratio, "writes side can't be 0")]
    [InlineData("0:0", QuantityKind.Ratio, "writes side can't be 0")]
    [InlineData("150%", QuantityKind.Percent, "more than 100%")]
    [InlineData("101", QuantityKind.Percent, "more than 100%")]
    public void Rejected_with_specific_reason(string input, QuantityKind kind, string reason)
    {
        var error = Reject(input, kind);
        Assert.Contains($"\"{input}\"", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_input_rejected_for_every_kind(string? input)
    {
        foreach (var kind in Enum.GetValues<QuantityKind>())
        {
            var error = Reject(input, kind);
            Assert.Contains("\"\"", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overlong_input_rejected()
    {
        var error = Reject(new string('1', 500), QuantityKind.Count);
        Assert.StartsWith("I couldn't read a number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kind_rejected_without_throwing()
    {
        Assert.False(QuantityParser.TryParse("10", (QuantityKind)99, out _, out var error));
        Assert.Contains("\"10\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_ignores_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        // A culture where "," is the decimal separator and "." groups thousands, built by hand
        // because InvariantGlobalization has no real cultures.
        var swapped = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        swapped.NumberFormat.NumberDecimalSeparator = ",";
        swapped.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = swapped;
            Assert.Equal(1.5e6, Parse("1.5MB", QuantityKind.Bytes).Value);
            Assert.Equal(2_500, Parse("2,500", QuantityKind.Count).Value);
            Assert.Equal("1.5k", NumberFormat.Compact(1_500));
            Assert.Equal("86,400", NumberFormat.Grouped(86_400));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData(QuantityKind.Count, "10M or 2,500")]
    [InlineData(QuantityKind.Bytes, "200 KB, 1.5MB or 1 GiB")]
    [InlineData(QuantityKind.Ratio, "100:1 (reads:writes)")]
    [InlineData(QuantityKind.Duration, "3 years, 18 months or 90 days")]
    [InlineData(QuantityKind.Multiplier, "2x or 3")]
    [InlineData(QuantityKind.Percent, "10% or 0.1")]
    public void Examples_are_themselves_parseable(QuantityKind kind, string example)
    {
        Assert.Equal(example, QuantityParser.Example(kind));
        var first = example.Split([",", " or "], StringSplitOptions.TrimEntries)[0];
        Assert.True(QuantityParser.TryParse(first, kind, out _, out var error), error);
    }

    [Fact]
    public void Example_for_unknown_kind_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantityParser.Example((QuantityKind)99));
}
