using System.Globalization;

namespace DesignBot.Core.Sizing;

/// <summary>
/// Culture-independent number formatting for estimates. Back-of-envelope figures only deserve
/// about three significant digits, so that is what compact forms show.
/// </summary>
public static class NumberFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (double Scale, string Suffix)[] CountScales =
        [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];

    // Decimal units: capacity planning and disk vendors speak in powers of ten.
    private static readonly (double Scale, string Suffix)[] ByteScales =
        [(1e18, " EB"), (1e15, " PB"), (1e12, " TB"), (1e9, " GB"), (1e6, " MB"), (1e3, " KB")];

    // What an operating system shows for the same disk.
    private static readonly (double Scale, string Suffix)[] BinaryScales =
        [(Math.Pow(2, 60), " EiB"), (Math.Pow(2, 50), " PiB"), (Math.Pow(2, 40), " TiB"), (Math.Pow(2, 30), " GiB"), (Math.Pow(2, 20), " MiB"), (1024, " KiB")];

    // Network links are sold in bits per second, decimal.
    private static readonly (double Scale, string Suffix)[] BitScales =
        [(1e15, " Pbit/s"), (1e12, " Tbit/s"), (1e9, " Gbit/s"), (1e6, " Mbit/s"), (1e3, " kbit/s")];

    /// <summary>Short count: 10000000 → "10M", 1500 → "1.5k", 2e9 → "2B", 231.48 → "231".</summary>
    public static string Compact(double value) => Scaled(value, CountScales, string.Empty);

    /// <summary>Thousands-grouped whole number: 86400 → "86,400".</summary>
    public static string Grouped(double value)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(Inv);
        }

        var rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("#,0", Inv); // avoid "-0"
    }

    /// <summary>Size with a decimal unit: 4e10 → "40 GB", 4.6e6 → "4.6 MB", 512 → "512 bytes".</summary>
    public static string Bytes(double bytes) => Scaled(bytes, ByteScales, " bytes");

    /// <summary>Size in binary units: 2^40 → "1 TiB".</summary>
    public static string BinaryBytes(double bytes) => Scaled(bytes, BinaryScales, " bytes");

    /// <summary>A byte rate as bits per second: 463e6 bytes/s → "3.7 Gbit/s".</summary>
    public static string BitsPerSecond(double bytesPerSecond) => Scaled(bytesPerSecond * 8, BitScales, " bit/s");

    /// <summary>
    /// Both ends of a range in one format: "231–347", "40–48 TB" (a unit both ends share is said once), "800 GB–1.2 TB";
    /// a single value (or ends that look alike) as one.
    /// </summary>
    public static string Span(ValueRange range, Func<double, string> format)
    {
        var low = format(range.Low);
        var high = format(range.High);
        if (low == high)
            return high;
        var lowUnit = low.IndexOf(' ', StringComparison.Ordinal);
        var highUnit = high.IndexOf(' ', StringComparison.Ordinal);
        return lowUnit > 0 && highUnit > 0 && low[lowUnit..] == high[highUnit..] ? $"{low[..lowUnit]}–{high}" : $"{low}–{high}";
    }

    /// <summary>A per-second rate: 231.48 → "231", 23148.1 → "23,148", 2.31 → "2.3", 0.0231 → "0.023".</summary>
    public static string Rate(double perSecond)
    {
        if (!double.IsFinite(perSecond))
        {
            return perSecond.ToString(Inv);
        }

        var magnitude = Math.Abs(perSecond);
        var sign = perSecond < 0 ? "-" : string.Empty;
        return magnitude switch
        {
            >= 100 => Grouped(perSecond),
            >= 1 => sign + Math.Round(magnitude, 1, MidpointRounding.AwayFromZero).ToString("0.#", Inv),
            _ => sign + Plain(Significant(magnitude, 2)),
        };
    }

    /// <summary>A fraction as a percentage: 0.1 → "10%", 0.025 → "2.5%".</summary>
    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? Plain(Significant(fraction * 100, 3)) + "%" : fraction.ToString(Inv);

    private static string Scaled(double value, (double Scale, string Suffix)[] scales, string unitSuffix)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(Inv);
        }

        var sign = value < 0 ? "-" : string.Empty;
        var magnitude = Math.Abs(value);
        // Round in each scale before choosing it, so 999,999 becomes 1M rather than "1000k" (and binary scales are
        // rounded once, from the exact value).
        foreach (var (scale, suffix) in scales)
        {
            var scaled = Significant(magnitude / scale, 3);
            if (scaled >= 1)
            {
                return sign + Plain(scaled) + suffix;
            }
        }

        return sign + Plain(Significant(magnitude, 3)) + unitSuffix;
    }

    /// <summary>Rounds a non-negative number to <paramref name="digits"/> significant digits.</summary>
    private static double Significant(double magnitude, int digits)
    {
        if (magnitude == 0)
        {
            return 0;
        }

        var exponent = (int)Math.Floor(Math.Log10(magnitude)) + 1 - digits;
        var step = Math.Pow(10, exponent);
        // Rounded to 9 decimals first, so floating-point noise (132.4999999) does not decide a midpoint (13.25 KB → 13.3 KB).
        return Math.Round(Math.Round(magnitude / step, 9), MidpointRounding.AwayFromZero) * step;
    }

    // Enough decimals to show small fractions, few enough to hide floating-point noise.
    private static string Plain(double value) => value.ToString("0.##########", Inv);
}
