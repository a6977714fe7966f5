using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using DesignBot.Core.Turns;
using DesignBot.Teams.Auth;

namespace DesignBot.Teams.Outbound;

/// <summary>Where a new channel thread landed: its conversation (<c>…;messageid=&lt;id&gt;</c>) and the id of its first activity.</summary>
public sealed record CreatedConversation(string ConversationId, string ActivityId);

/// <summary>
/// The Bot Connector's conversation API: create a channel thread, post into a conversation, update an activity. Errors
/// become <see cref="ChannelSendException"/>: 429 with its Retry-After; 412, 502, 503 and 504 are tried again here a few
/// times with jittered backoff, then reported transient; 413 (too large) is reported as <see cref="PayloadTooLargeException"/>,
/// never retried as it is; other 4xx are permanent.
/// </summary>
public sealed class BotConnector(HttpClient http, IConnectorTokenSource tokens, TimeProvider clock)
{
    /// <summary>Tries of one call for 412/502/503/504 before the outbox's own retry takes over.</summary>
    public const int Tries = 3;

    public static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(200);

    public async Task<CreatedConversation> CreateChannelThreadAsync(string serviceUrl, string channelId, string? tenantId, JsonObject activity, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject
        {
            ["isGroup"] = true,
            ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channelId }, ["tenant"] = tenantId is null ? null : new JsonObject { ["id"] = tenantId } },
            ["activity"] = activity,
        };
        if (tenantId is not null)
            request["tenantId"] = tenantId;
        using var answer = await SendAsync(HttpMethod.Post, Url(serviceUrl, "v3/conversations"), request, cancellationToken);
        var conversation = Text(answer.RootElement, "id") ?? throw new ChannelSendException("The connector created a thread but named no conversation.", transient: false);
        var activityId = Text(answer.RootElement, "activityId") ?? TeamsAddress.SplitConversation(conversation).Root
            ?? throw new ChannelSendException("The connector created a thread but named no activity.", transient: false);
        return new CreatedConversation(conversation, activityId);
    }

    /// <summary>Posts into a conversation (a thread: <c>…;messageid=root</c>, or a chat); returns the new activity's id.</summary>
    public async Task<string> SendToConversationAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken = default)
    {
        using var answer = await SendAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities"), activity, cancellationToken);
        return Text(answer.RootElement, "id") ?? throw new ChannelSendException("The connector posted but returned no activity id.", transient: false);
    }

    public async Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken = default)
    {
        activity["id"] = activityId;
        using var _ = await SendAsync(HttpMethod.Put, Url(serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}"), activity, cancellationToken);
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, Uri url, JsonObject body, CancellationToken cancellationToken)
    {
        // UTF-8 once, for every try (a string would be encoded again by each request's content).
        var json = Utf8(body);
        for (var attempt = 1; ; attempt++)
        {
            string token;
            try
            {
                token = await tokens.GetTokenAsync(cancellationToken);
            }
            catch (TokenUnavailableException ex)
            {
                throw new ChannelSendException($"No token for the Bot Connector: {ex.Message}", ex.Transient, innerException: ex);
            }
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = s_json;
            using var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return answer.AsSpan().Trim(" \t\r\n"u8).IsEmpty ? JsonDocument.Parse("{}") : JsonDocument.Parse(answer);
            }
            switch (response.StatusCode)
            {
                case HttpStatusCode.TooManyRequests:
                    throw new ChannelSendException("The Bot Connector is rate limiting (429).", transient: true, RetryAfter(response) ?? TimeSpan.FromSeconds(1));
                case HttpStatusCode.RequestEntityTooLarge:
                    throw new PayloadTooLargeException();
                case HttpStatusCode.Unauthorized when tokens is CachedTokenSource cached && attempt == 1:
                    // The cached token was refused (revoked, or the clock jumped): fetch a new one once.
                    cached.Forget();
                    continue;
                case HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout:
                    if (attempt < Tries)
                    {
                        await Task.Delay(Jittered(attempt), clock, cancellationToken);
                        continue;
                    }
                    throw new ChannelSendException($"The Bot Connector answered {status} {Tries} times.", transient: true, RetryAfter(response));
                default:
                    throw new ChannelSendException($"The Bot Connector answered {status}.", transient: status >= 500);
            }
        }
    }

    private static byte[] Utf8(JsonObject body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
            body.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    /// <summary>Exponential backoff with full jitter: a random wait up to 200 ms, 400 ms, 800 ms … so retries of many sends spread out.</summary>
    public static TimeSpan Jittered(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * BackoffBase.TotalMilliseconds * Math.Pow(2, attempt - 1));

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
            return date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    private static Uri Url(string serviceUrl, string path) => new(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>Teams refused the activity as too large (413): send it shorter, never the same again.</summary>
public sealed class PayloadTooLargeException() : Exception("The Bot Connector refused the activity as too large (413).");
