using Microsoft.Extensions.Logging;

namespace DesignBot.Playground;

/// <summary>Every log line of the playground, in one place. Never log secrets, tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(301, LogLevel.Information, "Playground history kept in {Path}")]
    public static partial void HistoryOpened(ILogger logger, string path);
}
