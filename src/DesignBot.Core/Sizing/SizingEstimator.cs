namespace DesignBot.Core.Sizing;

/// <summary>
/// Back-of-envelope capacity estimate. Every figure carries its arithmetic so a reviewer can check it,
/// and missing inputs are named instead of guessed (only replication has a default).
/// </summary>
public static class SizingEstimator
{
    public const double SecondsPerDay = 86_400;
    public const double DaysPerYear = 365;
    public const double DefaultReplicationFactor = 3;

    /// <summary>Computes every figure the inputs allow and lists the inputs still missing.</summary>
    public static SizingEstimate Estimate(SizingInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        EnsureKinds(inputs);

        var figures = new List<SizingFigure>();
        var traffic = TrafficFigures.Add(inputs, figures);
        StorageFigures.Add(inputs, traffic, figures);
        BandwidthFigures.Add(inputs, traffic, figures);

        var regions = string.IsNullOrWhiteSpace(inputs.Regions) ? null : inputs.Regions.Trim();
        return new SizingEstimate(figures, MissingInputs(inputs), regions);
    }

    /// <summary>Human-readable names of the inputs needed but not given, in question order.</summary>
    private static List<string> MissingInputs(SizingInputs inputs)
    {
        var missing = new List<string>();
        void Need(Quantity? q, string name)
        {
            if (q is null)
            {
                missing.Add(name);
            }
        }

        Need(inputs.DailyActiveUsers, "daily active users");
        Need(inputs.WritesPerUserPerDay, "writes per user per day");
        Need(inputs.ReadWriteRatio, "read:write ratio");
        Need(inputs.TextSizePerWrite, "average text size per write");
        // Media is optional (text-only systems); its share only matters once a media size is given.
        if (HasMedia(inputs))
        {
            Need(inputs.MediaShareOfWrites, "share of writes with media");
        }

        Need(inputs.Retention, "retention");
        Need(inputs.PeakFactor, "peak factor");
        return missing;
    }

    internal static bool HasMedia(SizingInputs inputs) => inputs.MediaSizePerWrite is { Value: > 0 };

    // A Bytes quantity passed as DAU is a wiring bug; fail loudly rather than print nonsense.
    private static void EnsureKinds(SizingInputs inputs)
    {
        static void Check(Quantity? q, QuantityKind kind, string name)
        {
            if (q is { } value && value.Kind != kind)
            {
                throw new ArgumentException($"{name} must be a {kind} quantity, not {value.Kind}.", nameof(inputs));
            }
        }

        Check(inputs.DailyActiveUsers, QuantityKind.Count, nameof(inputs.DailyActiveUsers));
        Check(inputs.WritesPerUserPerDay, QuantityKind.Count, nameof(inputs.WritesPerUserPerDay));
        Check(inputs.ReadWriteRatio, QuantityKind.Ratio, nameof(inputs.ReadWriteRatio));
        Check(inputs.TextSizePerWrite, QuantityKind.Bytes, nameof(inputs.TextSizePerWrite));
        Check(inputs.MediaSizePerWrite, QuantityKind.Bytes, nameof(inputs.MediaSizePerWrite));
        Check(inputs.MediaShareOfWrites, QuantityKind.Percent, nameof(inputs.MediaShareOfWrites));
        Check(inputs.Retention, QuantityKind.Duration, nameof(inputs.Retention));
        Check(inputs.PeakFactor, QuantityKind.Multiplier, nameof(inputs.PeakFactor));
        Check(inputs.ReplicationFactor, QuantityKind.Multiplier, nameof(inputs.ReplicationFactor));
    }
}
