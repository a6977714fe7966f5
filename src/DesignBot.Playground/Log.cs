using Microsoft.Extensions.Logging;

namespace DesignBot.Playground;

/// <summary>Every log line of the playground, in one place. Never log secrets, tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(301, LogLevel.Warning, "The playground is on beside a chat platform ({Platform}): anyone who reaches {Scope} can read and post into every playground review. Set Playground:Enabled=false to turn it off")]
    public static partial void OnBesidePlatform(ILogger logger, string platform, string scope);

    [LoggerMessage(302, LogLevel.Warning, "Playground event {EventId} could not be accepted; nothing was shown")]
    public static partial void NotAccepted(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(303, LogLevel.Information, "Playground history kept in {Path}")]
    public static partial void HistoryOpened(ILogger logger, string path);
}
