namespace DesignBot.Core.Sizing;

/// <summary>Write and read rates; the other groups build on these. Peaks and reads are null when their input is missing.</summary>
internal sealed record Traffic(ValueRange WritesPerDay, ValueRange AvgWrites, ValueRange? PeakWrites, ValueRange? AvgReads, ValueRange? PeakReads);

internal static class TrafficFigures
{
    public const string Group = "Traffic";

    /// <summary>Adds traffic figures; returns null when DAU or writes per user is missing.</summary>
    public static Traffic? Add(SizingInputs inputs, List<SizingFigure> figures)
    {
        if (inputs.DailyActiveUsers is not { } dauGiven || inputs.WritesPerUserPerDay is not { } perUserGiven)
            return null;

        var dau = ValueRange.Of(dauGiven);
        var perUser = ValueRange.Of(perUserGiven);
        var writesPerDay = dau * perUser;
        var given = $"{Say.Count(dau)} DAU × {Say.Count(perUser)} writes/day";
        figures.Add(Say.Figure(Group, "Writes per day", writesPerDay, "writes/day", $"{Say.Count(writesPerDay)} writes/day",
            $"{given} ≈ {Say.Count(writesPerDay)} writes/day"));

        var avgWrites = writesPerDay / SizingEstimator.SecondsPerDay;
        figures.Add(Say.Figure(Group, "Average write QPS", avgWrites, "writes/s", Say.Writes(avgWrites),
            $"{given} ÷ {NumberFormat.Grouped(SizingEstimator.SecondsPerDay)} s ≈ {Say.Writes(avgWrites)}"));

        ValueRange? peakWrites = null;
        if (inputs.PeakFactor is { } peakGiven)
        {
            var peak = ValueRange.Of(peakGiven);
            var value = avgWrites * peak;
            peakWrites = value;
            figures.Add(Say.Figure(Group, SizingFigureNames.PeakWriteQps, value, "writes/s", Say.Writes(value),
                $"{Say.Writes(avgWrites)} × {Say.Count(peak)} (peak) ≈ {Say.Writes(value)}"));
        }

        ValueRange? avgReads = null, peakReads = null;
        if (inputs.ReadWriteRatio is { } ratioGiven)
        {
            var ratio = ValueRange.Of(ratioGiven);
            var perWrite = $"{Say.Count(ratio)} reads/write";
            var avg = avgWrites * ratio;
            avgReads = avg;
            figures.Add(Say.Figure(Group, "Average read QPS", avg, "reads/s", Say.Reads(avg), $"{Say.Writes(avgWrites)} × {perWrite} ≈ {Say.Reads(avg)}"));
            if (peakWrites is { } pw)
            {
                var peak = pw * ratio;
                peakReads = peak;
                figures.Add(Say.Figure(Group, SizingFigureNames.PeakReadQps, peak, "reads/s", Say.Reads(peak), $"{Say.Writes(pw)} × {perWrite} ≈ {Say.Reads(peak)}"));
            }
        }

        return new Traffic(writesPerDay, avgWrites, peakWrites, avgReads, peakReads);
    }
}
