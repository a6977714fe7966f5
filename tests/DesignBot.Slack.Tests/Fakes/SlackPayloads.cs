using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DesignBot.Slack.Tests.Fakes;

/// <summary>Payloads as Slack sends them (shapes from Slack's docs), and signed requests that carry them.</summary>
public static class SlackPayloads
{
    public const string SigningSecret = "test-signing-secret-0123456789";

    public static string EventCallback(string eventId, object inner) => JsonSerializer.Serialize(new
    {
        token = "verification_token",
        team_id = FakeSlack.TeamId,
        api_app_id = "A0001",
        @event = inner,
        type = "event_callback",
        event_id = eventId,
        event_time = 1_726_133_700,
        authorizations = new[] { new { team_id = FakeSlack.TeamId, user_id = FakeSlack.BotUserId, is_bot = true, is_enterprise_install = false } },
    });

    public static object Message(string channel, string user, string text, string ts, string? threadTs) => threadTs is null
        ? new { type = "message", user, text, ts, channel, event_ts = ts, channel_type = "channel", team = FakeSlack.TeamId }
        : new { type = "message", user, text, ts, thread_ts = threadTs, parent_user_id = FakeSlack.BotUserId, channel, event_ts = ts, channel_type = "channel", team = FakeSlack.TeamId };

    public static object Mention(string channel, string user, string text, string ts, string? threadTs = null) => threadTs is null
        ? new { type = "app_mention", user, text, ts, channel, event_ts = ts }
        : new { type = "app_mention", user, text, ts, thread_ts = threadTs, channel, event_ts = ts };

    public static object Edit(string channel, string user, string text, string ts, string threadTs, string previousText, string editTs) => new
    {
        type = "message",
        subtype = "message_changed",
        hidden = true,
        channel,
        ts = editTs,
        event_ts = editTs,
        message = new { type = "message", user, text, ts, thread_ts = threadTs, edited = new { user, ts = editTs } },
        previous_message = new { type = "message", user, text = previousText, ts, thread_ts = threadTs },
    };

    public static object Deletion(string channel, string user, string ts, string threadTs, string deleteTs) => new
    {
        type = "message",
        subtype = "message_deleted",
        hidden = true,
        channel,
        ts = deleteTs,
        event_ts = deleteTs,
        deleted_ts = ts,
        previous_message = new { type = "message", user, text = "gone", ts, thread_ts = threadTs },
    };

    public static string Command(string channel, string user, string text, string triggerId, string? responseUrl = null) =>
        new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = "verification_token",
            ["team_id"] = FakeSlack.TeamId,
            ["team_domain"] = "test",
            ["channel_id"] = channel,
            ["channel_name"] = "design",
            ["user_id"] = user,
            ["user_name"] = user.ToLowerInvariant(),
            ["command"] = "/design",
            ["text"] = text,
            ["api_app_id"] = "A0001",
            ["response_url"] = responseUrl ?? "https://hooks.slack.com/commands/T0001/1/abc",
            ["trigger_id"] = triggerId,
        }).ReadAsStringAsync().GetAwaiter().GetResult();

    public static string BlockActionsPayload(string channel, string user, string messageTs, string? threadTs, string actionId, string value, string actionTs) => JsonSerializer.Serialize(new
    {
        type = "block_actions",
        team = new { id = FakeSlack.TeamId, domain = "test" },
        user = new { id = user, username = user.ToLowerInvariant(), team_id = FakeSlack.TeamId },
        api_app_id = "A0001",
        container = new { type = "message", message_ts = messageTs, channel_id = channel, is_ephemeral = false, thread_ts = threadTs },
        trigger_id = "1.2.abc",
        channel = new { id = channel, name = "design" },
        message = threadTs is null
            ? (object)new { bot_id = FakeSlack.BotId, type = "message", text = "Q1", user = FakeSlack.BotUserId, ts = messageTs }
            : new { bot_id = FakeSlack.BotId, type = "message", text = "Q1", user = FakeSlack.BotUserId, ts = messageTs, thread_ts = threadTs },
        response_url = "https://hooks.slack.com/actions/A0001/1/abc",
        actions = new[] { new { action_id = actionId, block_id = "b1", text = new { type = "plain_text", text = "Skip", emoji = true }, value, type = "button", action_ts = actionTs } },
    });

    public static string Interaction(string payloadJson) =>
        new FormUrlEncodedContent(new Dictionary<string, string> { ["payload"] = payloadJson }).ReadAsStringAsync().GetAwaiter().GetResult();

    /// <summary>A request signed as Slack signs it (now, with the test secret), to one of the three endpoints.</summary>
    public static HttpRequestMessage Signed(string path, string body, string? contentType = null, string secret = SigningSecret, DateTimeOffset? at = null, int? retryNum = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? (path.EndsWith("/events", StringComparison.Ordinal) ? "application/json" : "application/x-www-form-urlencoded"));
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(secret, timestamp, bytes));
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        return request;
    }
}
