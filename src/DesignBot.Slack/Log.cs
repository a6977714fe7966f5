using Microsoft.Extensions.Logging;

namespace DesignBot.Slack;

/// <summary>Every log line of the Slack adapter, in one place. Never log secrets, tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(401, LogLevel.Information, "Slack: signed in to team {TeamId} as bot user {UserId} (bot {BotId})")]
    public static partial void SignedIn(ILogger logger, string teamId, string userId, string? botId);

    [LoggerMessage(402, LogLevel.Information, "Slack request to {Path} refused: signature {Reason}")]
    public static partial void SignatureRefused(ILogger logger, string path, string reason);

    [LoggerMessage(403, LogLevel.Warning, "Slack event {EventId} could not be accepted just now (answered 503, Slack sends it again)")]
    public static partial void NotAccepted(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(404, LogLevel.Debug, "Slack payload ignored: {Why}")]
    public static partial void Ignored(ILogger logger, string why);

    [LoggerMessage(405, LogLevel.Information, "Slack request to {Path} refused as malformed: {Reason}")]
    public static partial void Malformed(ILogger logger, string path, string reason);

    [LoggerMessage(406, LogLevel.Warning, "Slack: not a member of channel {Channel} ({Error}); told the user to /invite the bot")]
    public static partial void NotInChannel(ILogger logger, string channel, string error);

    [LoggerMessage(407, LogLevel.Warning, "Slack: the document {FileName} could not be uploaded to channel {Channel}: {Error}")]
    public static partial void UploadFailed(ILogger logger, string fileName, string channel, string error);

    [LoggerMessage(408, LogLevel.Warning, "Slack: looking up an earlier post in {Channel} failed ({Error}); it is posted again")]
    public static partial void LookupFailed(ILogger logger, string channel, string error);

    [LoggerMessage(409, LogLevel.Warning, "Slack: auth.test failed ({Error}); trying again in {Delay}")]
    public static partial void AuthRetry(ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(410, LogLevel.Information, "Slack Socket Mode: connected ({Reason})")]
    public static partial void SocketConnected(ILogger logger, string reason);

    [LoggerMessage(411, LogLevel.Information, "Slack Socket Mode: Slack asked to reconnect ({Reason}); opening a new connection first")]
    public static partial void SocketRefresh(ILogger logger, string reason);

    [LoggerMessage(412, LogLevel.Warning, "Slack Socket Mode: the connection dropped ({Error}); reconnecting in {Delay}")]
    public static partial void SocketDropped(ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(413, LogLevel.Warning, "Slack Socket Mode: the app's link was disabled (link_disabled); Socket Mode stopped")]
    public static partial void SocketLinkDisabled(ILogger logger);

    [LoggerMessage(414, LogLevel.Warning, "Slack Socket Mode: envelope {EnvelopeId} of type {Type} refused: {Reason}")]
    public static partial void SocketEnvelopeRefused(ILogger logger, string envelopeId, string type, string reason);

    [LoggerMessage(415, LogLevel.Warning, "Slack: blocks refused ({Error}); sent as text instead")]
    public static partial void BlocksRefused(ILogger logger, string error);

    [LoggerMessage(416, LogLevel.Warning, "Slack: no permalink for a message in {Channel} ({Error}); the link goes to its fallback")]
    public static partial void PermalinkFailed(ILogger logger, string channel, string error);
}
