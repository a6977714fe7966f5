namespace DesignBot.Core.Sizing;

/// <summary>Bandwidth at a rate of requests: what one request carries, per second on average and at peak.</summary>
internal sealed record Bandwidth(ValueRange? PeakEgress, ValueRange? PeakOriginEgress);

/// <summary>
/// Ingress follows what writes store (text and every media type at its share of writes); egress what reads fetch (text
/// and each type at its share of reads — what a write stores when no read mix is given), which is what users receive;
/// origin egress is what the CDN or cache misses. Bytes and bits per second side by side.
/// </summary>
internal static class BandwidthFigures
{
    private const string Group = "Bandwidth";

    public static Bandwidth Add(SizingInputs inputs, Traffic? traffic, List<SizingFigure> figures)
    {
        if (traffic is null || inputs.TextSizePerWrite is not { } textGiven || inputs.Media.Any(m => m.WriteShare is null) || inputs.MediaSizeKeptAsText)
            return new Bandwidth(null, null);

        var text = ValueRange.Of(textGiven);
        var written = inputs.Media.Select(m => (m, Bytes: ValueRange.Of(m.WriteShare!.Value) * ValueRange.Of(m.Size))).ToList();
        var writeSize = text + ValueRange.Sum(written.Select(w => w.Bytes));
        var writeParts = inputs.Media.Count == 0
            ? $"{Say.Size(text)} (text only)"
            : $"{Say.Size(text)} + " + string.Join(" + ", inputs.Media.Select(m => Part(m, m.WriteShare!.Value, inputs.Media.Count)));
        figures.Add(Say.Figure(Group, "Average write size", writeSize, "bytes", Say.Size(writeSize), $"{writeParts} ≈ {Say.Size(writeSize)}"));
        figures.Add(Flow("Average ingress", Say.Writes(traffic.AvgWrites), traffic.AvgWrites, writeSize));
        if (traffic.PeakWrites is { } peakWrites)
            figures.Add(Flow("Peak ingress", Say.Writes(peakWrites), peakWrites, writeSize));

        if (traffic.AvgReads is not { } avgReads)
            return new Bandwidth(null, null);

        var mediaRead = inputs.ReadMixGiven
            ? ValueRange.Sum(inputs.Media.Select(m => ValueRange.Of(m.ReadShare!.Value) * ValueRange.Of(m.Size)))
            : ValueRange.Sum(written.Select(w => w.Bytes));
        var readSize = text + mediaRead;
        var readParts = !inputs.ReadMixGiven
            ? $"{Say.Size(writeSize)}: a read fetches what a write stores (no share of reads per media type given)"
            : $"{Say.Size(text)} + " + string.Join(" + ", inputs.Media.Select(m => Part(m, m.ReadShare!.Value, inputs.Media.Count)));
        figures.Add(Say.Figure(Group, "Average read size", readSize, "bytes", Say.Size(readSize),
            inputs.ReadMixGiven ? $"{readParts} ≈ {Say.Size(readSize)}" : readParts));
        figures.Add(Flow("Average egress", Say.Reads(avgReads), avgReads, readSize));
        ValueRange? peakEgress = null;
        if (traffic.PeakReads is { } peakReads)
        {
            peakEgress = peakReads * readSize;
            figures.Add(Flow(SizingFigureNames.PeakEgress, Say.Reads(peakReads), peakReads, readSize));
        }

        // The CDN serves media only; text and metadata come from the origin.
        if (inputs.CdnHitRatio is not { } hitGiven || hitGiven.Value <= 0 || inputs.Media.Count == 0)
            return new Bandwidth(peakEgress, peakEgress);
        var miss = ValueRange.Of(hitGiven).Complement();
        var originRead = text + mediaRead * miss;
        figures.Add(Say.Figure(Group, "Origin read size", originRead, "bytes", Say.Size(originRead),
            $"{Say.Size(text)} + {Say.Size(mediaRead)} media × {Say.Share(miss)} missed by the CDN ({Say.Share(ValueRange.Of(hitGiven))} hits) ≈ {Say.Size(originRead)}"));
        figures.Add(Flow("Average origin egress", Say.Reads(avgReads), avgReads, originRead));
        ValueRange? peakOrigin = null;
        if (traffic.PeakReads is { } peak)
        {
            peakOrigin = peak * originRead;
            figures.Add(Flow("Peak origin egress", Say.Reads(peak), peak, originRead));
        }
        return new Bandwidth(peakEgress, peakOrigin);
    }

    /// <summary>"10% × 200 KB" for the one unnamed type, "100% × 2 MB images" once types have names.</summary>
    private static string Part(MediaType type, Quantity share, int typeCount)
    {
        var part = $"{Say.Share(ValueRange.Of(share))} × {Say.Size(ValueRange.Of(type.Size))}";
        return typeCount == 1 && type.Name == "media" ? part : $"{part} {type.Name}";
    }

    private static SizingFigure Flow(string name, string rate, ValueRange qps, ValueRange size)
    {
        var bytesPerSecond = qps * size;
        var display = Say.Flow(bytesPerSecond);
        return Say.Figure(Group, name, bytesPerSecond, "bytes/s", display, $"{rate} × {Say.Size(size)} ≈ {display}");
    }
}
