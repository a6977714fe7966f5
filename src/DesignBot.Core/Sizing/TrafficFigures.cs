using static DesignBot.Core.Sizing.NumberFormat;

namespace DesignBot.Core.Sizing;

/// <summary>Write and read rates; the other groups build on these.</summary>
internal sealed record Traffic(double WritesPerDay, double AvgWriteQps, double? PeakWriteQps, double? AvgReadQps, double? PeakReadQps);

internal static class TrafficFigures
{
    public const string Group = "Traffic";

    /// <summary>Adds traffic figures; returns null when DAU or writes per user is missing.</summary>
    public static Traffic? Add(SizingInputs inputs, List<SizingFigure> figures)
    {
        if (inputs.DailyActiveUsers is not { } dau || inputs.WritesPerUserPerDay is not { } perUser)
        {
            return null;
        }

        var writesPerDay = dau.Value * perUser.Value;
        var inputsText = $"{Compact(dau.Value)} DAU × {Compact(perUser.Value)} writes/day";
        figures.Add(new(Group, "Writes per day", writesPerDay, "writes/day", $"{Compact(writesPerDay)} writes/day",
            $"{inputsText} ≈ {Compact(writesPerDay)} writes/day"));

        var avgWrite = writesPerDay / SizingEstimator.SecondsPerDay;
        figures.Add(Qps("Average write QPS", avgWrite,
            $"{inputsText} ÷ {Grouped(SizingEstimator.SecondsPerDay)} s ≈ {Writes(avgWrite)}"));

        double? peakWrite = null;
        if (inputs.PeakFactor is { } peak)
        {
            peakWrite = avgWrite * peak.Value;
            figures.Add(Qps("Peak write QPS", peakWrite.Value,
                $"{Writes(avgWrite)} × {Compact(peak.Value)} (peak) ≈ {Writes(peakWrite.Value)}"));
        }

        double? avgRead = null, peakRead = null;
        if (inputs.ReadWriteRatio is { } ratio)
        {
            var perWrite = $"{Compact(ratio.Value)} reads/write";
            avgRead = avgWrite * ratio.Value;
            figures.Add(Qps("Average read QPS", avgRead.Value, $"{Writes(avgWrite)} × {perWrite} ≈ {Reads(avgRead.Value)}"));
            if (peakWrite is { } pw)
            {
                peakRead = pw * ratio.Value;
                figures.Add(Qps("Peak read QPS", peakRead.Value, $"{Writes(pw)} × {perWrite} ≈ {Reads(peakRead.Value)}"));
            }
        }

        return new Traffic(writesPerDay, avgWrite, peakWrite, avgRead, peakRead);
    }

    public static string Writes(double qps) => $"{Rate(qps)} writes/s";

    public static string Reads(double qps) => $"{Rate(qps)} reads/s";

    private static SizingFigure Qps(string name, double value, string arithmetic) =>
        new(Group, name, value, "req/s", $"{Rate(value)} req/s", arithmetic);
}
