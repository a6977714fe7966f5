namespace DesignBot.Host.Hosting;

/// <summary>Every log line of the host, in one place. Never log secrets, tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(2, LogLevel.Warning, "No DesignBot:LinkSigningKey configured; generated one and kept it in {Path}")]
    public static partial void SigningKeyGenerated(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Information, "Telemetry: OTLP export {Otlp}; Prometheus scrape endpoint {Prometheus}")]
    public static partial void TelemetryConfigured(ILogger logger, string otlp, string prometheus);

    [LoggerMessage(4, LogLevel.Information, "Review templates: {Ids} (team templates from {Folder})")]
    public static partial void TemplatesLoaded(ILogger logger, string ids, string folder);

    [LoggerMessage(5, LogLevel.Warning, "{Key} is set: this host's clock started at {StartsAt:o}. For tests only")]
    public static partial void TestingClock(ILogger logger, string key, DateTimeOffset startsAt);
}
