using DesignBot.Core.Sizing;

namespace DesignBot.Core.Tests.Sizing;

public class NumberFormatTests
{
    [Theory]
    [InlineData(10_000_000, "10M")]
    [InlineData(1_500, "1.5k")]
    [InlineData(2e9, "2B")]
    [InlineData(1e12, "1T")]
    [InlineData(20e6, "20M")]
    [InlineData(23_148.148, "23.1k")]
    [InlineData(231_481.48, "231k")]
    [InlineData(2_345_678, "2.35M")]
    [InlineData(999_999, "1M")]
    [InlineData(999.6, "1k")]
    [InlineData(231.48, "231")]
    [InlineData(2, "2")]
    [InlineData(0.5, "0.5")]
    [InlineData(0, "0")]
    [InlineData(-1_500, "-1.5k")]
    public void Compact(double value, string expected) => Assert.Equal(expected, NumberFormat.Compact(value));

    [Theory]
    [InlineData(86_400, "86,400")]
    [InlineData(1_000_000, "1,000,000")]
    [InlineData(23_148.148, "23,148")]
    [InlineData(999, "999")]
    [InlineData(0.5, "1")]
    [InlineData(-0.4, "0")]
    [InlineData(-1_234, "-1,234")]
    public void Grouped(double value, string expected) => Assert.Equal(expected, NumberFormat.Grouped(value));

    [Theory]
    [InlineData(20e9, "20 GB")]
    [InlineData(40e9, "40 GB")]
    [InlineData(4.6e6, "4.6 MB")]
    [InlineData(5_092_592.6, "5.09 MB")]
    [InlineData(1.4454e15, "1.45 PB")]
    [InlineData(22_000, "22 KB")]
    [InlineData(1_073_741_824, "1.07 GB")]
    [InlineData(999_999, "1 MB")]
    [InlineData(512, "512 bytes")]
    [InlineData(0, "0 bytes")]
    [InlineData(3e18, "3 EB")]
    public void Bytes(double value, string expected) => Assert.Equal(expected, NumberFormat.Bytes(value));

    [Theory]
    [InlineData(231.48, "231")]
    [InlineData(694.44, "694")]
    [InlineData(23_148.148, "23,148")]
    [InlineData(2.3148, "2.3")]
    [InlineData(23.148, "23.1")]
    [InlineData(50, "50")]
    [InlineData(0.023148, "0.023")]
    [InlineData(0, "0")]
    public void Rate(double value, string expected) => Assert.Equal(expected, NumberFormat.Rate(value));

    [Theory]
    [InlineData(0.1, "10%")]
    [InlineData(0.025, "2.5%")]
    [InlineData(1, "100%")]
    [InlineData(0, "0%")]
    public void Percent(double value, string expected) => Assert.Equal(expected, NumberFormat.Percent(value));

    [Fact]
    public void Non_finite_values_do_not_throw()
    {
        Assert.Equal("NaN", NumberFormat.Compact(double.NaN));
        Assert.Equal("Infinity", NumberFormat.Bytes(double.PositiveInfinity));
        Assert.Equal("NaN", NumberFormat.Rate(double.NaN));
        Assert.Equal("NaN", NumberFormat.Grouped(double.NaN));
    }
}

public class NumberFormatUnitTests
{
    [Theory]
    // × 8 bits, decimal prefixes: 463 MB/s is 3.7 Gbit/s.
    [InlineData(463e6, "3.7 Gbit/s")]
    [InlineData(5_787, "46.3 kbit/s")]
    [InlineData(17.08e9, "137 Gbit/s")]
    [InlineData(125e9, "1 Tbit/s")]
    [InlineData(10, "80 bit/s")]
    public void Bits_per_second(double bytesPerSecond, string expected) => Assert.Equal(expected, NumberFormat.BitsPerSecond(bytesPerSecond));

    [Theory]
    // 1.46e13 ÷ 2^40 = 13.28 TiB; 1.825e15 ÷ 2^50 = 1.62 PiB (rounded once, from the exact value).
    [InlineData(1.46e13, "13.3 TiB")]
    [InlineData(1.825e15, "1.62 PiB")]
    [InlineData(1024, "1 KiB")]
    public void Binary_bytes(double bytes, string expected) => Assert.Equal(expected, NumberFormat.BinaryBytes(bytes));

    [Theory]
    [InlineData(231.48, 347.22, "231–347")]
    [InlineData(231.48, 231.48, "231")]
    public void Span_of_rates(double low, double high, string expected) =>
        Assert.Equal(expected, NumberFormat.Span(new ValueRange(low, high), NumberFormat.Rate));

    [Theory]
    [InlineData(40e12, 48e12, "40–48 TB")]
    [InlineData(800e9, 1.2e12, "800 GB–1.2 TB")]
    public void Span_of_sizes_says_a_shared_unit_once(double low, double high, string expected) =>
        Assert.Equal(expected, NumberFormat.Span(new ValueRange(low, high), NumberFormat.Bytes));
}
