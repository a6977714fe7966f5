using Microsoft.Extensions.Logging;

namespace DesignBot.Storage.AzureTables;

/// <summary>Every log line of the Azure Table Storage store, in one place. Never log connection strings, keys or what users wrote.</summary>
internal static partial class Log
{
    [LoggerMessage(501, LogLevel.Information, "Azure Table Storage store ready: account {Account}, tables {Prefix}*")]
    public static partial void StoreReady(ILogger logger, string account, string prefix);

    [LoggerMessage(502, LogLevel.Warning, "Azure Table Storage did not answer the health check: HTTP {Status} {ErrorCode}")]
    public static partial void PingFailed(ILogger logger, Exception exception, int status, string? errorCode);
}
