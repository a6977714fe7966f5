using System.Globalization;
using System.Text.RegularExpressions;
using DesignBot.Core.Text;

namespace DesignBot.Core.Sizing;

/// <summary>
/// Reads the quantity a person means from what they typed in a design review: "10M", "200 KB", "100:1", "3 years",
/// alone or in a sentence ("about 2 uploads per user per day", "images ~2 MB, thumbnails 50 KB", "peak is 3x average").
/// The first figure of the expected kind anywhere in the text is the value; a number that is part of a word or an id
/// (v2, S3, p99, 2FA, a version 1.2.3, a date) is no figure. A range ("2-3", "10-12M") gives its high end as the value
/// and its low end as <see cref="Quantity.Low"/>. Never throws and never consults the current culture.
/// </summary>
public static partial class QuantityParser
{
    // Digits with optional thousands commas (strict groups of 3), decimals and exponent.
    // [0-9] rather than \d so non-ASCII digits are not half-accepted.
    private const string Number =
        @"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+(?:e[+-]?[0-9]+)?";

    // Every unit or scale a figure may carry; which ones count depends on the kind asked for (`2B` is two billion
    // users but two bytes). A unit is a whole word: "2 bananas" has none, "10Musers" is no figure at all.
    private const string Unit =
        @"(?:(?:kilo|mega|giga|tera|peta|kibi|mebi|gibi|tebi)bytes?|bytes?|[kmgtp]ib|[kmgtp]b|b|thousand|million|billion|trillion|mn|bn|k|m|t"
        + @"|years?|yrs?|y|months?|mos?|weeks?|wks?|w|days?|d|hours?|hrs?|h|percent|pct|%|x|×|times|replicas?|copies)(?![\p{L}\p{N}_])";

    // Not inside a word or id (S3, p99, v2), not after a sign (+1 is agreement, -5 is refused separately),
    // and not the tail of a version, ratio or path (1.2.3, HTTP/2).
    private const string Start = @"(?<![\p{L}\p{N}_+\-−])(?<![\p{L}\p{N}][.,:/])";

    // Not followed by letters or digits (10Musers, 2FA, 6pm), a second % or the rest of a version, list or date.
    private const string End = @"(?![\p{L}\p{N}_%]|[.,:/\-–][0-9]|:$)";

    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // A chat message, not a document: beyond this nothing is read, which also keeps regex work bounded.
    private const int MaxLength = 4_000;

    /// <summary>Parses <paramref name="input"/> as <paramref name="expected"/>.</summary>
    /// <returns>False with one short line quoting the input and saying what could not be read.</returns>
    public static bool TryParse(string? input, QuantityKind expected, out Quantity quantity, out string error)
    {
        quantity = default;
        var text = (input ?? string.Empty).Trim();
        if (!Enum.IsDefined(expected))
        {
            error = $"I don't know how to read \"{Quote(text)}\" as {expected}";
            return false;
        }

        var result = text.Length is 0 or > MaxLength ? Failure.Generic : ParseAs(text, expected);
        if (result.Value is { } value && double.IsFinite(value) && double.IsFinite(result.Low ?? 0))
        {
            quantity = new Quantity(value, expected, text) { Low = result.Low };
            error = string.Empty;
            return true;
        }

        error = ErrorFor(text, expected, result.Why, result.Bare);
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

    private readonly record struct Parsed(double? Value, Failure Why, double? Low = null)
    {
        /// <summary>The number typed without a unit, asked back (`1e7 what — bytes, KB or MB?`).</summary>
        public string? Bare { get; init; }

        public static implicit operator Parsed(Failure why) => new(null, why);
    }

    /// <summary>A number as typed in the text, optionally with a unit, and a second one after a range or ratio separator.</summary>
    private sealed record Figure(int End, double Lo, string LoUnit, string Separator, double? Hi, string HiUnit)
    {
        public int Start { get; init; }
        public string Typed { get; init; } = "";

        public bool IsRange => Hi is not null && Separator is "-" or "–" or "to";
        // "to" is a ratio ("100 to 1") or a range ("50 to 100"): the ratio question tells them apart.
        public bool IsRatio => Hi is not null && Separator is ":" or "/" or "to";
        public bool HasUnit => LoUnit.Length > 0 || HiUnit.Length > 0;

        /// <summary>The figure read with a unit table: null when a unit it carries is not in the table.</summary>
        public Parsed? As(Func<string, double?> factor)
        {
            if (Hi is not null && !IsRange)
                return null;
            // "10-12M": a unit on one end applies to both.
            if (factor(LoUnit.Length > 0 ? LoUnit : HiUnit) is not { } lowFactor)
                return null;
            var low = Lo * lowFactor;
            if (Hi is not { } hi)
                return new Parsed(low, Failure.None);
            if (factor(HiUnit.Length > 0 ? HiUnit : LoUnit) is not { } highFactor)
                return null;
            var high = hi * highFactor;
            return low == high ? new Parsed(high, Failure.None) : new Parsed(Math.Max(low, high), Failure.None, Math.Min(low, high));
        }
    }

    private static Parsed ParseAs(string text, QuantityKind kind)
    {
        if (NegativePattern().IsMatch(text))
            return Failure.Negative;

        var figures = FigurePattern().Matches(text).Select(ToFigure).ToList();
        return kind switch
        {
            QuantityKind.Count => ParseCount(figures),
            QuantityKind.Bytes => ParseBytes(text, figures),
            QuantityKind.Ratio => ParseRatio(text, figures),
            QuantityKind.Duration => ParseDuration(figures),
            QuantityKind.Multiplier => ParseMultiplier(text, figures),
            QuantityKind.Percent => ParsePercent(text, figures),
            _ => Failure.Generic,
        };
    }

    // The first figure that is a plain number or carries a scale (10M, 1.5k); "1.5 MB" or "10%" is not a count.
    private static Parsed ParseCount(List<Figure> figures) =>
        First(figures, f => f.As(Scale)) ?? Failure.Generic;

    // The first figure with a size unit; a number without one is refused rather than silently taken as bytes
    // (except 0, which is 0 in any unit: "Say 0 if none").
    private static Parsed ParseBytes(string text, List<Figure> figures)
    {
        if (First(figures, f => f.HasUnit ? f.As(ByteFactor) : null) is { } sized)
            return sized;
        if (NoneWordPattern().IsMatch(text))
            return new Parsed(0, Failure.None);
        var bare = figures.FirstOrDefault(f => f.As(Scale) is not null);
        if (bare is { Lo: 0, Hi: null, HasUnit: false })
            return new Parsed(0, Failure.None);
        return bare is null ? Failure.Generic : new Parsed(null, Failure.NeedsUnit) { Bare = bare.Typed.Trim() };
    }

    // "100:1" (reads per write; "1:100 writes to reads" the other way round), then "100x", then a bare 100 (or 50-100).
    private static Parsed ParseRatio(string text, List<Figure> figures)
    {
        var ratio = figures.FirstOrDefault(f => f.IsRatio && !f.HasUnit && (f.Separator != "to" || f.Hi <= f.Lo || WritesFirst(text, f)));
        if (ratio is not null)
        {
            var (reads, writes) = WritesFirst(text, ratio) ? (ratio.Hi!.Value, ratio.Lo) : (ratio.Lo, ratio.Hi!.Value);
            return writes == 0 ? Failure.ZeroWrites : new Parsed(reads / writes, Failure.None);
        }
        return First(figures, f => f.HasUnit ? f.As(TimesFactor) : null)
            ?? First(figures, f => f.HasUnit ? null : f.As(Scale))
            ?? Failure.Generic;
    }

    private static bool WritesFirst(string text, Figure ratio) => WritesFirstPattern().IsMatch(text.AsSpan(ratio.End));

    private static Parsed ParseDuration(List<Figure> figures)
    {
        if (First(figures, f => f.HasUnit ? f.As(DaysPer) : null) is { } days)
            return days.Value == 0 ? Failure.Zero : days;
        // Bare numbers are ambiguous ("3" years? days?), so make the user say.
        return figures.Any(f => !f.HasUnit) ? Failure.NeedsUnit : Failure.Generic;
    }

    // "3x" / "3 times" / "3 replicas", then "x3", then a bare 3, then "double" / "twice" / "triple".
    private static Parsed ParseMultiplier(string text, List<Figure> figures)
    {
        var factor = First(figures, f => f.HasUnit ? f.As(TimesFactor) : null)
            ?? (LeadingTimesPattern().Match(text) is { Success: true } times ? new Parsed(Num(times.Groups["num"].Value), Failure.None) : (Parsed?)null)
            ?? First(figures, f => f.HasUnit ? null : f.As(Scale))
            ?? (MultiplierWordPattern().Match(text) is { Success: true } word ? new Parsed(MultiplierWord(word.Value), Failure.None) : (Parsed?)null);
        return factor switch
        {
            null => Failure.Generic,
            { Value: 0 } => Failure.Zero,
            { } read => read,
        };
    }

    // "10%", then "1 in 10", then all / every / half / none, then a bare number (up to 1 a fraction, else a percentage).
    private static Parsed ParsePercent(string text, List<Figure> figures)
    {
        var share = First(figures, f => f.HasUnit ? f.As(PercentFactor) : null) ?? OneIn(text) ?? ShareOf(text) ?? Bare(figures);
        return share switch
        {
            null => Failure.Generic,
            { Value: > 1 } => Failure.OverHundredPercent,
            { } read => read,
        };

        static Parsed? OneIn(string text) =>
            OneInPattern().Match(text) is { Success: true } m && Num(m.Groups["of"].Value) is > 0 and var of
                ? new Parsed(Num(m.Groups["num"].Value) / of, Failure.None)
                : null;

        static Parsed? ShareOf(string text) =>
            ShareWordPattern().Match(text) is { Success: true } m ? new Parsed(ShareWord(m.Groups["word"].Value), Failure.None) : null;

        static Parsed? Bare(List<Figure> figures) =>
            First(figures, f => f.HasUnit ? null : f.As(Scale)) is { Value: { } high } bare
                ? new Parsed(AsFraction(high), Failure.None, bare.Low is { } low ? AsFraction(low) : null)
                : null;

        // Bare, up to 1 is a fraction and (1, 100] a percentage.
        static double AsFraction(double number) => number > 1 ? number / 100 : number;
    }

    private static Parsed? First(List<Figure> figures, Func<Figure, Parsed?> read)
    {
        foreach (var figure in figures)
        {
            if (read(figure) is { } parsed)
                return parsed;
        }
        return null;
    }

    private static Figure ToFigure(Match m) => new(
        m.Index + m.Length,
        Num(m.Groups["lo"].Value),
        m.Groups["lu"].Value,
        m.Groups["sep"].Value.ToLowerInvariant(),
        m.Groups["hi"].Success ? Num(m.Groups["hi"].Value) : null,
        m.Groups["hu"].Value)
    { Start = m.Index, Typed = m.Value };

    /// <summary>
    /// Every figure of <paramref name="kind"/> in the text that carries its unit (sizes, percentages), with where it
    /// stands, so a sentence naming several things (`images ~2 MB, thumbnails 50 KB`) can be read figure by figure.
    /// Only bytes and percent are read this way; other kinds give none.
    /// </summary>
    internal static IReadOnlyList<(Quantity Quantity, int Start, int End)> AllWithUnits(string? input, QuantityKind kind)
    {
        var text = input ?? string.Empty;
        Func<string, double?>? factor = kind switch
        {
            QuantityKind.Bytes => ByteFactor,
            QuantityKind.Percent => PercentFactor,
            _ => null,
        };
        if (factor is null || text.Length is 0 or > MaxLength || NegativePattern().IsMatch(text.Trim()))
            return [];
        var found = new List<(Quantity, int, int)>();
        foreach (var figure in FigurePattern().Matches(text).Select(ToFigure))
        {
            if (!figure.HasUnit || figure.As(factor) is not { Value: { } value } read || !double.IsFinite(value))
                continue;
            if (kind == QuantityKind.Percent && value > 1)
                continue;
            found.Add((new Quantity(value, kind, figure.Typed.Trim()) { Low = read.Low }, figure.Start, figure.End));
        }
        return found;
    }

    private static double? Scale(string unit) => unit.ToLowerInvariant() switch
    {
        "" => 1,
        "k" or "thousand" => 1e3,
        "m" or "mn" or "million" => 1e6,
        "b" or "bn" or "billion" => 1e9,
        "t" or "trillion" => 1e12,
        _ => null,
    };

    private static double? ByteFactor(string unit) => unit.ToLowerInvariant() switch
    {
        "b" or "byte" or "bytes" => 1,
        "kb" or "kilobyte" or "kilobytes" => 1e3,
        "mb" or "megabyte" or "megabytes" => 1e6,
        "gb" or "gigabyte" or "gigabytes" => 1e9,
        "tb" or "terabyte" or "terabytes" => 1e12,
        "pb" or "petabyte" or "petabytes" => 1e15,
        "kib" or "kibibyte" or "kibibytes" => 1024d,
        "mib" or "mebibyte" or "mebibytes" => Math.Pow(1024, 2),
        "gib" or "gibibyte" or "gibibytes" => Math.Pow(1024, 3),
        "tib" or "tebibyte" or "tebibytes" => Math.Pow(1024, 4),
        "pib" => Math.Pow(1024, 5),
        _ => null,
    };

    // One rule, said in every estimate: a year is 365 days and a month a twelfth of it, so 60 months are 5 years.
    private static double? DaysPer(string unit) => unit.ToLowerInvariant() switch
    {
        "y" or "yr" or "yrs" or "year" or "years" => 365,
        "mo" or "mos" or "month" or "months" => SizingEstimator.DaysPerYear / 12,
        "w" or "wk" or "wks" or "week" or "weeks" => 7,
        "d" or "day" or "days" => 1,
        "h" or "hr" or "hrs" or "hour" or "hours" => 1 / 24d,
        _ => null,
    };

    private static double? TimesFactor(string unit) => unit.ToLowerInvariant() switch
    {
        "x" or "×" or "times" or "replica" or "replicas" or "copies" => 1,
        _ => null,
    };

    private static double? PercentFactor(string unit) => unit.ToLowerInvariant() switch
    {
        "%" or "percent" or "pct" => 0.01,
        _ => null,
    };

    private static double ShareWord(string word) => word.ToLowerInvariant() switch
    {
        "half" => 0.5,
        "none" or "never" => 0,
        _ => 1, // all, every, everything, always
    };

    private static double MultiplierWord(string word) => word.ToLowerInvariant() switch
    {
        "triple" or "tripled" or "thrice" => 3,
        "quadruple" => 4,
        _ => 2, // double, doubled, twice
    };

    private static double Num(string digits) =>
        double.Parse(digits.Replace(",", string.Empty, StringComparison.Ordinal),
            NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private static string Quote(string text) => TextLimit.Shorten(text, 60);

    private static string ErrorFor(string text, QuantityKind kind, Failure why, string? bare)
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
            Failure.Negative => ": it can't be negative",
            // A size is asked back, never assumed to be bytes.
            Failure.NeedsUnit when kind == QuantityKind.Bytes => $": {bare ?? "that"} what — bytes, KB, MB or GB?",
            Failure.NeedsUnit => ": it needs a unit (days, months or years)",
            Failure.Zero => ": it has to be more than 0",
            Failure.OverHundredPercent => ": that's more than 100%",
            Failure.ZeroWrites => ": the writes side can't be 0",
            _ => string.Empty,
        };
        return $"I couldn't read {what} from \"{Quote(text)}\"{reason}";
    }

    // A figure: a number with an optional unit, then optionally a second one after a range ("2-3", "2 to 3") or
    // ratio ("100:1", "5/1") separator.
    [GeneratedRegex(Start + @"(?<lo>" + Number + @")(?:\s*(?<lu>" + Unit + @"))?"
        + @"(?:(?:\s*(?<sep>[-–:/])\s*|\s+(?<sep>to)\s+)(?<hi>" + Number + @")(?:\s*(?<hu>" + Unit + @"))?)?" + End, Options)]
    private static partial Regex FigurePattern();

    [GeneratedRegex(@"^[-−][0-9.]", Options)]
    private static partial Regex NegativePattern();

    // What follows a ratio when it is given writes first: "1:100 writes to reads", "1/100 (writes:reads)".
    [GeneratedRegex(@"^\s*\(?\s*writes?\s*(?:to|:|/|per)\s*reads?\b", Options)]
    private static partial Regex WritesFirstPattern();

    // "x3", "×3" (a factor written before its number).
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[x×](?<num>" + Number + @")" + End, Options)]
    private static partial Regex LeadingTimesPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?:double|doubled|twice|triple|tripled|thrice|quadruple)(?![\p{L}\p{N}_])", Options)]
    private static partial Regex MultiplierWordPattern();

    // "1 in 10", "3 out of 10", "1 of every 5".
    [GeneratedRegex(Start + @"(?<num>" + Number + @")\s+(?:in|out\s+of|of(?:\s+every)?)\s+(?<of>" + Number + @")" + End, Options)]
    private static partial Regex OneInPattern();

    // all / every / half / none as a share, unless qualified away ("not all", "almost every", "every 10th").
    [GeneratedRegex(@"(?<!\b(?:not|almost|nearly|hardly|at)\s+)(?<![\p{L}\p{N}_'])(?<word>all|every|everything|always|half|none|never)(?![\p{L}\p{N}_'])(?!\s+[0-9])", Options)]
    private static partial Regex ShareWordPattern();

    // A media size of none: "none", "no media", "n/a".
    [GeneratedRegex(@"^\W*(?:none|no\s+media|n/a)(?![\p{L}\p{N}_])", Options)]
    private static partial Regex NoneWordPattern();
}
