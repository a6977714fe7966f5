using Microsoft.Extensions.Logging;

namespace DesignBot.Teams;

/// <summary>Every log line of the Teams adapter, in one place. Never a secret, a token or a message body.</summary>
internal static partial class Log
{
    [LoggerMessage(401, LogLevel.Information, "Teams adapter on at POST /api/messages for app {AppId} ({AppType})")]
    public static partial void On(ILogger logger, string appId, string appType);

    [LoggerMessage(402, LogLevel.Debug, "Teams request refused (401): {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(403, LogLevel.Warning, "The Bot Connector's signing keys could not be read; requests are refused until they can")]
    public static partial void KeysUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(405, LogLevel.Warning, "A notice to a chat could not be posted")]
    public static partial void ChatNoticeFailed(ILogger logger, Exception exception);

    [LoggerMessage(404, LogLevel.Warning, "Teams activity {ActivityId} could not be accepted; Teams will send it again")]
    public static partial void NotAccepted(ILogger logger, Exception exception, string activityId);
}
