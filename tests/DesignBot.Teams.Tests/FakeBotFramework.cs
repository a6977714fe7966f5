using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DesignBot.Teams.Tests;

/// <summary>A call the bot made to the fake Bot Connector, with its answer.</summary>
public sealed record ConnectorCall(string Method, string Conversation, string? ActivityId, JsonObject Body, string? Authorization, int Status, string? AnsweredId, int Bytes)
{
    /// <summary>The activity sent: the body itself, or for a new thread its <c>activity</c>.</summary>
    public JsonObject Activity => Body["activity"] as JsonObject ?? Body;

    public JsonObject Card => (JsonObject)Activity["attachments"]![0]!["content"]!;

    public string FallbackText => Card["fallbackText"]!.GetValue<string>();

    /// <summary>Every text on the card (text blocks, facts, table cells), for assertions on what members read.</summary>
    public string CardText => string.Join("\n", Texts(Card));

    private static IEnumerable<string> Texts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (name is "text" or "title" or "value" && value is JsonValue v && v.TryGetValue<string>(out var s))
                        yield return s;
                    else
                        foreach (var t in Texts(value))
                            yield return t;
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    foreach (var t in Texts(item))
                        yield return t;
                break;
        }
    }
}

/// <summary>
/// Microsoft's side on 127.0.0.1, in one Kestrel server: the OpenID metadata and JWKS (with endorsements) the bot checks
/// tokens against, the token endpoint it gets its own tokens from, and the Bot Connector it posts to. Test keys sign the
/// tokens of the activities tests send; failures can be queued for the connector's next answers.
/// </summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string Secret = "test-secret-not-real";
    public const string Tenant = "tenant-1";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, TimeSpan? RetryAfter)> _failures = new();
    private readonly List<ConnectorCall> _calls = [];
    private long _lastId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private volatile IReadOnlyList<(RsaSecurityKey Key, string[] Endorsements)> _published;

    private FakeBotFramework(WebApplication app, RsaSecurityKey key)
    {
        _app = app;
        SigningKey = key;
        _published = [(key, ["msteams"])];
    }

    public string BaseUrl { get; private set; } = "";
    public string MetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";
    public string TokenEndpoint => $"{BaseUrl}/{{tenant}}/oauth2/v2.0/token";

    /// <summary>The service URL activities carry: the fake connector.</summary>
    public string ServiceUrl => $"{BaseUrl}/amer/";

    public RsaSecurityKey SigningKey { get; }
    public int MetadataFetches;
    public int TokenRequests;
    public string? LastTokenForm;

    public IReadOnlyList<ConnectorCall> Calls
    {
        get
        {
            lock (_calls)
                return [.. _calls];
        }
    }

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public static async Task<FakeBotFramework> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFramework(app, NewKey("key-1"));
        fake.Map(app);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Publishes these keys from now on (a key rotation).</summary>
    public void Publish(params (RsaSecurityKey Key, string[] Endorsements)[] keys) => _published = keys;

    /// <summary>The connector's next answers are these failures, in order (then success again).</summary>
    public void FailNext(int status, TimeSpan? retryAfter = null) => _failures.Enqueue((status, retryAfter));

    public async Task<IReadOnlyList<ConnectorCall>> WaitForAsync(Func<IReadOnlyList<ConnectorCall>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var calls = Calls;
            if (condition(calls))
                return calls;
            await Task.Delay(20);
        }
        throw new TimeoutException($"The connector never saw {what}. Calls: {string.Join(" | ", Calls.Select(c => $"{c.Method} {c.Conversation} {c.Status} {Safe(c)}"))}");
    }

    private static string Safe(ConnectorCall c)
    {
        try
        {
            return c.FallbackText;
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return "(no card)";
        }
    }

    /// <summary>A token as the Bot Connector signs it for this bot; every claim can be changed.</summary>
    public string Token(string serviceUrl, RsaSecurityKey? key = null, string issuer = "https://api.botframework.com", string audience = AppId,
        DateTime? notBefore = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(key ?? SigningKey, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref MetadataFetches);
            return Results.Json(new { issuer = "https://api.botframework.com", jwks_uri = $"{BaseUrl}/v1/.well-known/keys", id_token_signing_alg_values_supported = new[] { "RS256" } });
        });
        app.MapGet("/v1/.well-known/keys", () => Results.Content(Jwks(), "application/json"));
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request, string tenant) =>
        {
            Interlocked.Increment(ref TokenRequests);
            var form = await request.ReadFormAsync();
            LastTokenForm = $"tenant={tenant}&" + string.Join("&", form.Select(f => $"{f.Key}={f.Value}"));
            if (form["client_secret"] != Secret || form["client_id"] != AppId)
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = $"bot-token-{TokenRequests}" });
        });
        app.MapPost("/amer/v3/conversations", (Func<HttpContext, Task<IResult>>)(context => Connector(context, null, null)));
        app.MapPost("/amer/v3/conversations/{conversation}/activities", (HttpContext context, string conversation) => Connector(context, conversation, null));
        app.MapPut("/amer/v3/conversations/{conversation}/activities/{id}", (HttpContext context, string conversation, string id) => Connector(context, conversation, id));
    }

    private string Jwks()
    {
        var keys = new JsonArray();
        foreach (var (key, endorsements) in _published)
        {
            var p = key.Rsa.ExportParameters(false);
            keys.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
            });
        }
        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    private async Task<IResult> Connector(HttpContext context, string? conversation, string? activityId)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        var body = JsonNode.Parse(text) as JsonObject ?? [];
        var auth = context.Request.Headers.Authorization.ToString();
        var method = context.Request.Method;
        var target = conversation is null ? (string?)body["channelData"]?["channel"]?["id"] ?? "?" : WebUtility.UrlDecode(conversation);
        if (_failures.TryDequeue(out var failure))
        {
            Record(new ConnectorCall(method, target, activityId, body, auth, failure.Status, null, text.Length));
            if (failure.RetryAfter is { } wait)
                context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = new { code = "Failure", message = "scripted" } }, statusCode: failure.Status);
        }
        if (auth != $"Bearer bot-token-1" && !auth.StartsWith("Bearer bot-token-", StringComparison.Ordinal))
        {
            Record(new ConnectorCall(method, target, activityId, body, auth, 401, null, text.Length));
            return Results.Unauthorized();
        }
        if (method == "PUT")
        {
            Record(new ConnectorCall(method, target, activityId, body, auth, 200, activityId, text.Length));
            return Results.Json(new { id = activityId });
        }
        // A channel message id is its send time in epoch milliseconds, as in Teams.
        var id = NextId().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (conversation is null)
        {
            Record(new ConnectorCall(method, target, null, body, auth, 201, id, text.Length));
            return Results.Json(new { id = $"{target};messageid={id}", activityId = id }, statusCode: 201);
        }
        Record(new ConnectorCall(method, target, null, body, auth, 201, id, text.Length));
        return Results.Json(new { id }, statusCode: 201);
    }

    /// <summary>A fresh message id: now in epoch milliseconds, and later than any id before it.</summary>
    public long NextId()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastId);
            var next = Math.Max(last + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (Interlocked.CompareExchange(ref _lastId, next, last) == last)
                return next;
        }
    }

    private void Record(ConnectorCall call)
    {
        lock (_calls)
            _calls.Add(call);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
