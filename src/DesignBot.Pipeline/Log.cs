using Microsoft.Extensions.Logging;

namespace DesignBot.Pipeline;

/// <summary>Every log line of the pipeline, in one place. Never log secrets, tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Error, "Turn for event {EventId} failed (error {ErrorId}); the event is marked processed and its author told")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string eventId, string errorId);

    [LoggerMessage(102, LogLevel.Debug, "Turn for event {EventId} committed ({Messages} messages)")]
    public static partial void TurnCommitted(ILogger logger, string eventId, int messages);

    [LoggerMessage(103, LogLevel.Warning, "Message {Key} of {Partition}: {Outcome} ({Error})")]
    public static partial void DispatchProblem(ILogger logger, string key, string partition, string outcome, string? error);

    [LoggerMessage(104, LogLevel.Error, "Outbox dispatch pass failed")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(105, LogLevel.Information, "Inbox worker picked up {Count} events accepted before this start")]
    public static partial void InboxRecovered(ILogger logger, int count);

    [LoggerMessage(106, LogLevel.Warning, "Turn for event {EventId} deferred: the store failed; the inbox scan retries it")]
    public static partial void TurnDeferred(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(107, LogLevel.Warning, "Inbox scan failed; trying again at the next tick")]
    public static partial void InboxScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(108, LogLevel.Warning, "DesignBot:HoldOutbox is on: this host sends nothing; queued messages wait for a host without the hold")]
    public static partial void OutboxHeld(ILogger logger);

    [LoggerMessage(109, LogLevel.Warning, "Reading the outbox depth and age for the metrics failed")]
    public static partial void OutboxSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(110, LogLevel.Warning, "Looking for due wakes failed; trying again next round")]
    public static partial void WakeRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(111, LogLevel.Debug, "Wake of review {ReviewId} due {WakeAt:o} fed to the inbox (new: {Accepted})")]
    public static partial void WakeFed(ILogger logger, string reviewId, DateTimeOffset wakeAt, bool accepted);

    [LoggerMessage(112, LogLevel.Debug, "Wake round done: {Claimed} due wakes claimed")]
    public static partial void WakeRoundDone(ILogger logger, int claimed);
}
