using System.Globalization;
using System.Text.RegularExpressions;

namespace DesignBot.Core.Sizing;

/// <summary>
/// Reads the quantities people type in a design review ("10M", "200 KB", "100:1", "3 years").
/// Never throws and never consults the current culture.
/// </summary>
public static partial class QuantityParser
{
    // Digits with optional thousands commas (strict groups of 3), decimals and exponent.
    // [0-9] rather than \d so non-ASCII digits are not half-accepted.
    private const string Number =
        @"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+(?:e[+-]?[0-9]+)?";

    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Long inputs are never quantities; the cap also keeps regex work bounded.
    private const int MaxLength = 100;

    /// <summary>Parses <paramref name="input"/> as <paramref name="expected"/>.</summary>
    /// <returns>False with a friendly error quoting the input when it can't be read.</returns>
    public static bool TryParse(string? input, QuantityKind expected, out Quantity quantity, out string error)
    {
        quantity = default;
        var text = (input ?? string.Empty).Trim();
        if (!Enum.IsDefined(expected))
        {
            error = $"I don't know how to read \"{text}\" as {expected}";
            return false;
        }

        var result = text.Length is 0 or > MaxLength ? Failure.Generic : ParseAs(text, expected);
        if (result.Value is { } value && double.IsFinite(value))
        {
            quantity = new Quantity(value, expected, text);
            error = string.Empty;
            return true;
        }

        error = ErrorFor(text, expected, result.Why);
        return false;
    }

    /// <summary>The examples used in hints, e.g. "10M or 2,500".</summary>
    public static string Example(QuantityKind kind) => kind switch
    {
        QuantityKind.Count => "10M or 2,500",
        QuantityKind.Bytes => "200 KB, 1.5MB or 1 GiB",
        QuantityKind.Ratio => "100:1 (reads:writes)",
        QuantityKind.Duration => "3 years, 18 months or 90 days",
        QuantityKind.Multiplier => "2x or 3",
        QuantityKind.Percent => "10% or 0.1",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quantity kind."),
    };

    private enum Failure
    {
        None,
        Generic,
        Negative,
        NeedsUnit,
        Zero,
        OverHundredPercent,
        ZeroWrites,
    }

    private readonly record struct Parsed(double? Value, Failure Why)
    {
        public static implicit operator Parsed(Failure why) => new(null, why);

        public static Parsed Of(double value) => new(value, Failure.None);
    }

    private static Parsed ParseAs(string text, QuantityKind kind)
    {
        if (text[0] is '-' or '\u2212')
        {
            return Failure.Negative;
        }

        return kind switch
        {
            QuantityKind.Count => ParseCount(text),
            QuantityKind.Bytes => ParseBytes(text),
            QuantityKind.Ratio => ParseRatio(text),
            QuantityKind.Duration => ParseDuration(text),
            QuantityKind.Multiplier => ParseMultiplier(text),
            QuantityKind.Percent => ParsePercent(text),
            _ => Failure.Generic,
        };
    }

    private static Parsed ParseCount(string text)
    {
        var match = CountPattern().Match(text);
        if (!match.Success)
        {
            return Failure.Generic;
        }

        var scale = match.Groups["scale"].Value.ToUpperInvariant() switch
        {
            "K" or "THOUSAND" => 1e3,
            "M" or "MN" or "MILLION" => 1e6,
            "B" or "BN" or "BILLION" => 1e9,
            "T" or "TRILLION" => 1e12,
            _ => 1,
        };
        return Parsed.Of(Num(match) * scale);
    }

    private static Parsed ParseBytes(string text)
    {
        var match = BytesPattern().Match(text);
        if (!match.Success)
        {
            return Failure.Generic;
        }

        var unit = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "PB" => 1e15,
            "KIB" => 1024d,
            "MIB" => Math.Pow(1024, 2),
            "GIB" => Math.Pow(1024, 3),
            "TIB" => Math.Pow(1024, 4),
            "PIB" => Math.Pow(1024, 5),
            _ => 1, // "", "b", "byte", "bytes": a bare number means bytes
        };
        return Parsed.Of(Num(match) * unit);
    }

    private static Parsed ParseRatio(string text)
    {
        var match = RatioPattern().Match(text);
        if (!match.Success)
        {
            return Failure.Generic;
        }

        var reads = Num(match, "num");
        var writes = match.Groups["writes"].Success ? Num(match, "writes") : 1; // bare "100" means 100:1
        return writes == 0 ? Failure.ZeroWrites : Parsed.Of(reads / writes);
    }

    private static Parsed ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            return Failure.Generic;
        }

        // Bare numbers are ambiguous ("3" years? days?), so make the user say.
        var unit = match.Groups["unit"].Value.ToUpperInvariant();
        if (unit.Length == 0)
        {
            return Failure.NeedsUnit;
        }

        // Calendar-free approximations: 365-day years, 30-day months.
        double daysPerUnit = unit[0] switch
        {
            'Y' => 365,
            'M' => 30,
            'W' => 7,
            'H' => 1 / 24d,
            _ => 1,
        };
        var days = Num(match) * daysPerUnit;
        return days == 0 ? Failure.Zero : Parsed.Of(days);
    }

    private static Parsed ParseMultiplier(string text)
    {
        var match = MultiplierPattern().Match(text);
        if (!match.Success)
        {
            return Failure.Generic;
        }

        var factor = Num(match);
        return factor == 0 ? Failure.Zero : Parsed.Of(factor);
    }

    private static Parsed ParsePercent(string text)
    {
        var match = PercentPattern().Match(text);
        if (!match.Success)
        {
            return Failure.Generic;
        }

        var number = Num(match);
        // With a % sign it is a percentage; bare, up to 1 is a fraction and (1, 100] a percentage.
        var fraction = match.Groups["pct"].Success || number > 1 ? number / 100 : number;
        return fraction > 1 ? Failure.OverHundredPercent : Parsed.Of(fraction);
    }

    private static double Num(Match match, string group = "num") =>
        double.Parse(match.Groups[group].Value.Replace(",", string.Empty, StringComparison.Ordinal),
            NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private static string ErrorFor(string text, QuantityKind kind, Failure why)
    {
        var what = kind switch
        {
            QuantityKind.Count => "a number",
            QuantityKind.Bytes => "a size",
            QuantityKind.Ratio => "a ratio",
            QuantityKind.Duration => "a duration",
            QuantityKind.Multiplier => "a factor",
            _ => "a percentage",
        };
        var reason = why switch
        {
            Failure.Negative => "it can't be negative; ",
            Failure.NeedsUnit => "please name the unit; ",
            Failure.Zero => "it has to be more than 0; ",
            Failure.OverHundredPercent => "that's more than 100%; ",
            Failure.ZeroWrites => "the writes side can't be 0; ",
            _ => string.Empty,
        };
        return $"I couldn't read {what} from \"{text}\" — {reason}try {Example(kind)}";
    }

    // "10M users", "2 writes/day", "5 per day": a scale word, then optionally what is counted
    // (but not a size unit: "1.5 MB" typed as a count is a mistake worth flagging).
    [GeneratedRegex(@"^(?<num>" + Number + @")\s*(?:(?<scale>k|thousand|mn|m|million|bn|b|billion|t|trillion)(?=\s|$))?(?:\s+(?!(?:[kmgtp]i?b|bytes?|%)(?:\W|$))[a-z][a-z/' -]*)?$", Options)]
    private static partial Regex CountPattern();

    // "200 KB", "1 GiB", "512 bytes", optionally "per write" / "/post" / "each".
    [GeneratedRegex(@"^(?<num>" + Number + @")\s*(?<unit>bytes?|b|kb|mb|gb|tb|pb|kib|mib|gib|tib|pib)?(?:\s*(?:/|\bper\s)\s*[a-z][a-z ]*|\s+each)?$", Options)]
    private static partial Regex BytesPattern();

    // "100:1", "10 : 1", "5/1" or a bare "100", optionally followed by "(reads:writes)".
    [GeneratedRegex(@"^(?<num>" + Number + @")(?:\s*[:/]\s*(?<writes>" + Number + @"))?(?:\s*\(?\s*reads?\s*[:/]\s*writes?\s*\)?)?$", Options)]
    private static partial Regex RatioPattern();

    [GeneratedRegex(@"^(?<num>" + Number + @")\s*(?<unit>y|yrs?|years?|mo|mos|months?|w|wks?|weeks?|d|days?|h|hrs?|hours?)?$", Options)]
    private static partial Regex DurationPattern();

    // "2x", "2 x", "2×", "2", optionally "replicas"/"copies"/"times".
    [GeneratedRegex(@"^(?<num>" + Number + @")(?:\s*[x×])?(?:\s+(?:replicas?|copies|times))?$", Options)]
    private static partial Regex MultiplierPattern();

    // "10%", "10 percent", "0.1", optionally "of writes".
    [GeneratedRegex(@"^(?<num>" + Number + @")\s*(?<pct>%|percent|pct)?(?:\s+of\s+[a-z][a-z ]*)?$", Options)]
    private static partial Regex PercentPattern();
}
