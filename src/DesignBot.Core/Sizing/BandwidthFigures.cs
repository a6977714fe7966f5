using static DesignBot.Core.Sizing.NumberFormat;

namespace DesignBot.Core.Sizing;

/// <summary>Ingress (writes in) and egress (reads out), assuming a read returns one average write.</summary>
internal static class BandwidthFigures
{
    private const string Group = "Bandwidth";

    public static void Add(SizingInputs inputs, Traffic? traffic, List<SizingFigure> figures)
    {
        if (traffic is null || AverageWriteSize(inputs) is not var (size, arithmetic))
        {
            return;
        }

        figures.Add(new(Group, "Average write size", size, "bytes", Bytes(size), $"{arithmetic} ≈ {Bytes(size)}"));
        figures.Add(Flow("Average ingress", TrafficFigures.Writes(traffic.AvgWriteQps), traffic.AvgWriteQps, size));
        if (traffic.PeakWriteQps is { } peakWrite)
        {
            figures.Add(Flow("Peak ingress", TrafficFigures.Writes(peakWrite), peakWrite, size));
        }

        if (traffic.AvgReadQps is { } avgRead)
        {
            figures.Add(Flow("Average egress", TrafficFigures.Reads(avgRead), avgRead, size));
        }

        if (traffic.PeakReadQps is { } peakRead)
        {
            figures.Add(Flow("Peak egress", TrafficFigures.Reads(peakRead), peakRead, size));
        }
    }

    /// <summary>Text size plus the media share of the media size; null until all of it is known.</summary>
    private static (double Size, string Arithmetic)? AverageWriteSize(SizingInputs inputs)
    {
        if (inputs.TextSizePerWrite is not { } text)
        {
            return null;
        }

        if (!SizingEstimator.HasMedia(inputs))
        {
            return (text.Value, $"{Bytes(text.Value)} (text only)");
        }

        if (inputs.MediaShareOfWrites is not { } share)
        {
            return null;
        }

        var media = inputs.MediaSizePerWrite!.Value.Value;
        return (text.Value + share.Value * media, $"{Bytes(text.Value)} + {Percent(share.Value)} × {Bytes(media)}");
    }

    private static SizingFigure Flow(string name, string rate, double qps, double size)
    {
        var bytesPerSecond = qps * size;
        var display = $"{Bytes(bytesPerSecond)}/s";
        return new(Group, name, bytesPerSecond, "bytes/s", display, $"{rate} × {Bytes(size)} ≈ {display}");
    }
}
