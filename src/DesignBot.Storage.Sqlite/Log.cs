using Microsoft.Extensions.Logging;

namespace DesignBot.Storage.Sqlite;

/// <summary>Every log line of the SQLite store, in one place. Never log secrets or what users wrote.</summary>
internal static partial class Log
{
    [LoggerMessage(401, LogLevel.Information, "SQLite store ready: {Path} (this host holds its lock)")]
    public static partial void StoreOpened(ILogger logger, string path);
}
