namespace DesignBot.Core.Sizing;

/// <summary>
/// Peak traffic and egress per region, by the region's share of users. Regions peak at different hours, so each
/// region's share of the global peak is a floor of what it must serve at its own peak, said in the arithmetic.
/// </summary>
internal static class RegionFigures
{
    private const string Group = "Regions";

    public static void Add(SizingInputs inputs, Traffic? traffic, Bandwidth bandwidth, List<SizingFigure> figures)
    {
        if (traffic is null || inputs.Regions.Count == 0)
            return;
        foreach (var region in inputs.Regions)
        {
            var share = ValueRange.Of(region.Share);
            var of = Say.Share(share);
            if (traffic.PeakWrites is { } writes)
                figures.Add(Say.Figure(Group, $"Peak write QPS in {region.Name}", writes * share, "writes/s", Say.Writes(writes * share),
                    $"{of} × {Say.Writes(writes)} ≈ {Say.Writes(writes * share)}"));
            if (traffic.PeakReads is { } reads)
                figures.Add(Say.Figure(Group, $"Peak read QPS in {region.Name}", reads * share, "reads/s", Say.Reads(reads * share),
                    $"{of} × {Say.Reads(reads)} ≈ {Say.Reads(reads * share)}"));
            if (bandwidth.PeakEgress is { } egress)
                figures.Add(Say.Figure(Group, $"Peak egress in {region.Name}", egress * share, "bytes/s", Say.Flow(egress * share),
                    $"{of} × {Say.Flow(egress)} ≈ {Say.Flow(egress * share)}"));
        }
    }
}
