using Microsoft.Extensions.Logging;

namespace DesignBot.Core;

/// <summary>Every log line of the core, in one place. Never log secrets or what users wrote.</summary>
internal static partial class Log
{
    [LoggerMessage(201, LogLevel.Warning, "Event {EventId}: the post of the question it may answer was not recorded within {Seconds} s; deciding without waiting longer")]
    public static partial void DecidingWithoutPost(ILogger logger, string eventId, double seconds);
}
