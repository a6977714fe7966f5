using static DesignBot.Core.Sizing.NumberFormat;

namespace DesignBot.Core.Sizing;

/// <summary>How figures read in an estimate, both ends of a range each time: "231–347 writes/s", "40 TB/day", "463 MB/s (3.7 Gbit/s)".</summary>
internal static class Say
{
    public static string Count(ValueRange r) => Span(r, Compact);

    public static string Writes(ValueRange r) => $"{Span(r, Rate)} writes/s";

    public static string Reads(ValueRange r) => $"{Span(r, Rate)} reads/s";

    public static string Size(ValueRange r) => Span(r, Bytes);

    public static string PerDay(ValueRange r) => Span(r, b => $"{Bytes(b)}/day");

    public static string Share(ValueRange r) => Span(r, Percent);

    /// <summary>Stored bytes, with the binary figure once it differs by a tenth or more (from 1 TB): "14.6 TB (13.3 TiB)".</summary>
    public static string Stored(ValueRange r) => r.High >= 1e12 ? $"{Size(r)} ({Span(r, BinaryBytes)})" : Size(r);

    /// <summary>Bandwidth in bytes and bits per second: "463 MB/s (3.7 Gbit/s)".</summary>
    public static string Flow(ValueRange r) => $"{Span(r, b => $"{Bytes(b)}/s")} ({Span(r, BitsPerSecond)})";

    public static SizingFigure Figure(string group, string name, ValueRange value, string unit, string display, string arithmetic) =>
        new(group, name, value.High, unit, display, arithmetic) { Low = value.Low };

    /// <summary>"Thumbnails" for a media type named "thumbnails".</summary>
    public static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
