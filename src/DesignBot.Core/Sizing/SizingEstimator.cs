namespace DesignBot.Core.Sizing;

/// <summary>
/// Back-of-envelope capacity estimate. Every figure carries its arithmetic so a reviewer can check it, ranges carry
/// both ends, and missing inputs are named instead of guessed (only replication and the CDN hit ratio have defaults,
/// said where they are used).
/// </summary>
public static class SizingEstimator
{
    public const double SecondsPerDay = 86_400;
    public const double DaysPerYear = 365;
    public const double DefaultReplicationFactor = 3;

    /// <summary>
    /// Computes every figure the inputs allow, of the parts the template's sizing step computes
    /// (<see cref="SizingInputs.Computes"/>), and lists the inputs those parts still miss.
    /// </summary>
    public static SizingEstimate Estimate(SizingInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        EnsureKinds(inputs);

        var figures = new List<SizingFigure>();
        var traffic = TrafficFigures.Add(inputs, figures);
        if (inputs.Computes.Contains(EstimatorParts.Storage))
            StorageFigures.Add(inputs, traffic, figures);
        var bandwidth = inputs.Computes.Contains(EstimatorParts.Bandwidth) ? BandwidthFigures.Add(inputs, traffic, figures) : new Bandwidth(null, null);
        RegionFigures.Add(inputs, traffic, bandwidth, figures);

        var regions = inputs.Regions.Count > 0
            ? string.Join(", ", inputs.Regions.Select(r => $"{QuantityText.Of(r.Share)} {r.Name}"))
            : string.IsNullOrWhiteSpace(inputs.RegionsText) ? null : inputs.RegionsText.Trim();
        return new SizingEstimate(figures, MissingInputs(inputs), regions)
        {
            Inputs = inputs.Lines,
            Unread = inputs.Unread,
            Notes = SanityNotes.For(inputs, figures),
        };
    }

    /// <summary>Human-readable names of the inputs needed but not given, in question order.</summary>
    private static List<string> MissingInputs(SizingInputs inputs)
    {
        var missing = new List<string>();
        void Need(Quantity? q, string name)
        {
            if (q is null)
                missing.Add(name);
        }

        // What storage or bandwidth needs is missing only when the template computes them.
        var bytes = inputs.Computes.Contains(EstimatorParts.Storage) || inputs.Computes.Contains(EstimatorParts.Bandwidth);
        Need(inputs.DailyActiveUsers, "daily active users");
        Need(inputs.WritesPerUserPerDay, "writes per user per day");
        Need(inputs.ReadWriteRatio, "read:write ratio");
        if (bytes)
        {
            Need(inputs.TextSizePerWrite, "average text size per write");
            // Media is optional (text-only systems), but a size kept as text for want of a unit is still to come.
            if (inputs.MediaSizeKeptAsText)
                missing.Add("media size (its unit)");
            // A share only matters once a media size is given.
            var withoutShare = inputs.Media.Where(m => m.WriteShare is null).Select(m => m.Name).ToList();
            if (withoutShare.Count > 0)
                missing.Add(inputs.Media.Count == 1 ? "share of writes with media" : $"share of writes with media ({string.Join(", ", withoutShare)})");
        }
        if (inputs.Computes.Contains(EstimatorParts.Storage))
            Need(inputs.Retention, "retention");
        Need(inputs.PeakFactor, "peak factor");
        return missing;
    }

    // A Bytes quantity passed as DAU is a wiring bug; fail loudly rather than print nonsense.
    private static void EnsureKinds(SizingInputs inputs)
    {
        static void Check(Quantity? q, QuantityKind kind, string name)
        {
            if (q is { } value && value.Kind != kind)
                throw new ArgumentException($"{name} must be a {kind} quantity, not {value.Kind}.", nameof(inputs));
        }

        Check(inputs.DailyActiveUsers, QuantityKind.Count, nameof(inputs.DailyActiveUsers));
        Check(inputs.WritesPerUserPerDay, QuantityKind.Count, nameof(inputs.WritesPerUserPerDay));
        Check(inputs.ReadWriteRatio, QuantityKind.Ratio, nameof(inputs.ReadWriteRatio));
        Check(inputs.TextSizePerWrite, QuantityKind.Bytes, nameof(inputs.TextSizePerWrite));
        Check(inputs.Retention, QuantityKind.Duration, nameof(inputs.Retention));
        Check(inputs.PeakFactor, QuantityKind.Multiplier, nameof(inputs.PeakFactor));
        Check(inputs.ReplicationFactor, QuantityKind.Multiplier, nameof(inputs.ReplicationFactor));
        Check(inputs.CdnHitRatio, QuantityKind.Percent, nameof(inputs.CdnHitRatio));
        foreach (var type in inputs.Media)
        {
            Check(type.Size, QuantityKind.Bytes, nameof(MediaType.Size));
            Check(type.WriteShare, QuantityKind.Percent, nameof(MediaType.WriteShare));
            Check(type.ReadShare, QuantityKind.Percent, nameof(MediaType.ReadShare));
        }
    }
}
