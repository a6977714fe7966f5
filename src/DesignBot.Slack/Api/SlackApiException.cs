namespace DesignBot.Slack.Api;

/// <summary>
/// Slack's Web API said no: <c>{"ok":false,"error":"…"}</c> (HTTP 200), a 429 (<c>ratelimited</c>, with Retry-After), or an
/// HTTP error (<c>http_503</c>). Transient ones are worth trying again.
/// </summary>
public sealed class SlackApiException(string method, string error, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception($"Slack {method} failed: {error}", innerException)
{
    public string Method { get; } = method;

    /// <summary>Slack's error code: <c>not_in_channel</c>, <c>channel_not_found</c>, <c>ratelimited</c>, <c>invalid_auth</c>, …</summary>
    public string Error { get; } = error;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool Transient => Error is "ratelimited" or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" or "invalid_response"
        || (Error.StartsWith("http_5", StringComparison.Ordinal));

    /// <summary>The bot cannot post here until someone invites it.</summary>
    public bool NotInChannel => Error is "not_in_channel" or "channel_not_found";
}
