namespace DesignBot.Host.Hosting;

/// <summary>Every log line of the host, in one place. Never log secrets, tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "DesignBot storage: {Provider} at {Location}")]
    public static partial void StorageReady(ILogger logger, string provider, string location);

    [LoggerMessage(2, LogLevel.Warning, "No DesignBot:LinkSigningKey configured; generated one and kept it in {Path}")]
    public static partial void SigningKeyGenerated(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Error, "Turn for event {EventId} failed")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(4, LogLevel.Debug, "Turn for event {EventId} committed ({Messages} messages)")]
    public static partial void TurnCommitted(ILogger logger, string eventId, int messages);

    [LoggerMessage(5, LogLevel.Warning, "Message {Key} of {Partition}: {Outcome} ({Error})")]
    public static partial void DispatchProblem(ILogger logger, string key, string partition, string outcome, string? error);

    [LoggerMessage(6, LogLevel.Error, "Outbox dispatch pass failed")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Inbox worker picked up {Count} events accepted before this start")]
    public static partial void InboxRecovered(ILogger logger, int count);

    [LoggerMessage(8, LogLevel.Warning, "Turn for event {EventId} deferred: the store failed; the inbox scan retries it")]
    public static partial void TurnDeferred(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(9, LogLevel.Warning, "Inbox scan failed; trying again at the next tick")]
    public static partial void InboxScanFailed(ILogger logger, Exception exception);
}
