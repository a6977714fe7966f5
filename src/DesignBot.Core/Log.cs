using Microsoft.Extensions.Logging;

namespace DesignBot.Core;

/// <summary>Every log line of the core, in one place. Never log secrets or what users wrote.</summary>
internal static partial class Log
{
    [LoggerMessage(201, LogLevel.Warning, "Event {EventId}: the post of the question it may answer was not recorded within {Seconds} s; deciding without waiting longer")]
    public static partial void DecidingWithoutPost(ILogger logger, string eventId, double seconds);

    [LoggerMessage(202, LogLevel.Warning, "Message {MessageKey}: no platform link to message {TargetKey} ({Reason}); it links to its fallback URL")]
    public static partial void MessageLinkFallback(ILogger logger, string messageKey, string targetKey, string reason);
}
