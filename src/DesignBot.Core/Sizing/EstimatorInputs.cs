namespace DesignBot.Core.Sizing;

/// <summary>
/// What the estimator computes, by the keyword a template's sizing step lists under `computes:`. Storage and bandwidth
/// are computed from the request rates, so they need traffic.
/// </summary>
public static class EstimatorParts
{
    public const string Traffic = "traffic";
    public const string Storage = "storage";
    public const string Bandwidth = "bandwidth";

    public static IReadOnlyList<string> All { get; } = [Traffic, Storage, Bandwidth];
}

/// <summary>
/// An input of the sizing estimator, by the name a template question gives under `feeds:`. <see cref="Unit"/> is the
/// quantity the question must read (null: a text answer, read for its named shares); <see cref="NeededBy"/> the part
/// of the estimate that cannot be computed without it (null: optional, or it has a default).
/// </summary>
public sealed record EstimatorInput(string Name, string Label, QuantityKind? Unit, string? NeededBy)
{
    public static readonly EstimatorInput DailyActiveUsers = new("daily-active-users", "Daily active users", QuantityKind.Count, EstimatorParts.Traffic);
    public static readonly EstimatorInput WritesPerUserPerDay = new("writes-per-user-per-day", "Writes per user per day", QuantityKind.Count, EstimatorParts.Traffic);
    public static readonly EstimatorInput ReadsPerWrite = new("reads-per-write", "Read:write ratio", QuantityKind.Ratio, EstimatorParts.Traffic);
    public static readonly EstimatorInput TextSizePerWrite = new("text-size-per-write", "Text size per write", QuantityKind.Bytes, EstimatorParts.Storage);
    public static readonly EstimatorInput MediaSizes = new("media-sizes", "Media size", QuantityKind.Bytes, null);
    public static readonly EstimatorInput MediaWriteShares = new("media-write-shares", "Share of writes with media", QuantityKind.Percent, null);
    public static readonly EstimatorInput RetentionPeriod = new("retention-period", "Retention", QuantityKind.Duration, EstimatorParts.Storage);
    public static readonly EstimatorInput PeakToAverage = new("peak-to-average", "Peak factor", QuantityKind.Multiplier, EstimatorParts.Traffic);
    public static readonly EstimatorInput ReplicationFactor = new("replication-factor", "Replication", QuantityKind.Multiplier, null);
    public static readonly EstimatorInput UserRegions = new("user-regions", "Users by region", null, null);
    public static readonly EstimatorInput MediaReadShares = new("media-read-shares", "Share of reads fetching media", QuantityKind.Percent, null);
    public static readonly EstimatorInput CdnHitShare = new("cdn-hit-share", "CDN hit ratio", QuantityKind.Percent, null);

    /// <summary>Every input the estimator reads: the one list `feeds:` is checked against.</summary>
    public static IReadOnlyList<EstimatorInput> All { get; } =
    [
        DailyActiveUsers, WritesPerUserPerDay, ReadsPerWrite, TextSizePerWrite, MediaSizes, MediaWriteShares,
        RetentionPeriod, PeakToAverage, ReplicationFactor, UserRegions, MediaReadShares, CdnHitShare,
    ];

    public static EstimatorInput? Named(string name) => All.FirstOrDefault(i => i.Name == name);

    /// <summary>The inputs a part of the estimate needs, in list order.</summary>
    public static IEnumerable<EstimatorInput> NeededFor(string part) =>
        All.Where(i => i.NeededBy == part || (part == EstimatorParts.Bandwidth && i == TextSizePerWrite));
}
