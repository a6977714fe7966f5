using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DesignBot.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace DesignBot.Slack.Tests.Fakes;

/// <summary>A message in the fake workspace, as Slack would keep it.</summary>
public sealed record FakeSlackMessage(string Channel, string Ts, string? ThreadTs, string User, string? BotId, string Text, JsonArray? Blocks, string? MetadataKey)
{
    public string BlockText => Blocks is null ? "" : string.Join("\n", Strings(Blocks));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };
}

public sealed record FakeSlackCall(string Method, JsonObject Fields, string? Token, DateTimeOffset At);

public sealed record FakeSlackFile(string Id, string Channel, string? ThreadTs, string Title, string FileName, string Content);

/// <summary>
/// Slack's Web API on 127.0.0.1, as far as DesignBot uses it: a workspace with channels of messages (threads, metadata,
/// edits), users, file uploads, ephemeral messages and response URLs, and Socket Mode links. Faults are scripted per method.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    public const string BotUserId = "UBOT0001";
    public const string BotId = "BBOT0001";
    public const string TeamId = "T0001";
    public const string BotToken = "xoxb-test-token";
    public const string AppToken = "xapp-test-token";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<FakeSlackMessage> _messages = [];
    private readonly List<FakeSlackCall> _calls = [];
    private readonly List<FakeSlackMessage> _ephemerals = [];
    private readonly List<FakeSlackFile> _files = [];
    private readonly List<(string Id, string Body)> _hooks = [];
    private readonly Dictionary<string, string> _uploads = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<JsonObject, IResult?>>> _faults = new();
    private long _lastMicros;
    private int _ids;

    public Dictionary<string, string> Users { get; } = new() { ["UALICE"] = "alice", ["UBOB"] = "bob", ["UCAROL"] = "carol" };

    /// <summary>Socket Mode connections the bot opened, in order.</summary>
    public Channel<FakeSocket> Sockets { get; } = System.Threading.Channels.Channel.CreateUnbounded<FakeSocket>();

    public int SocketOpens => _socketOpens;
    private int _socketOpens;

    private FakeSlack(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string ApiBaseUrl => BaseUrl + "/api/";

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlack(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (string method, HttpContext context) => fake.HandleAsync(method, context));
        app.MapPost("/upload/{id}", async (string id, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            using var reader = new StreamReader(form.Files[0].OpenReadStream());
            var content = await reader.ReadToEndAsync();
            lock (fake._lock)
                fake._uploads[id] = content;
            return Results.Ok();
        });
        app.MapPost("/hooks/{id}", async (string id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (fake._lock)
                fake._hooks.Add((id, body));
            return Results.Ok();
        });
        app.Map("/link", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var fakeSocket = new FakeSocket(socket);
            await fake.Sockets.Writer.WriteAsync(fakeSocket);
            await fakeSocket.RunAsync(context.RequestAborted);
        });
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    public IReadOnlyList<FakeSlackMessage> Messages { get { lock (_lock) return [.. _messages]; } }
    public IReadOnlyList<FakeSlackMessage> Ephemerals { get { lock (_lock) return [.. _ephemerals]; } }
    public IReadOnlyList<FakeSlackCall> Calls { get { lock (_lock) return [.. _calls]; } }
    public IReadOnlyList<FakeSlackFile> Files { get { lock (_lock) return [.. _files]; } }
    public IReadOnlyList<(string Id, string Body)> Hooks { get { lock (_lock) return [.. _hooks]; } }

    public IEnumerable<FakeSlackCall> CallsTo(string method) => Calls.Where(c => c.Method == method);

    /// <summary>The next <paramref name="times"/> calls to <paramref name="method"/> answer with the given result instead.</summary>
    public void Fault(string method, Func<JsonObject, IResult?> fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(method, _ => new ConcurrentQueue<Func<JsonObject, IResult?>>());
        for (var i = 0; i < times; i++)
            queue.Enqueue(fault);
    }

    public void FailWith(string method, string error, int times = 1) => Fault(method, _ => Results.Json(new { ok = false, error }), times);

    public void RateLimit(string method, int retryAfterSeconds, int times = 1) => Fault(method, _ => new RateLimited(retryAfterSeconds), times);

    /// <summary>A Slack timestamp now, later than any given before (a member's message sent now).</summary>
    public string NextTs()
    {
        lock (_lock)
        {
            var micros = Math.Max(_lastMicros + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
            _lastMicros = micros;
            return $"{micros / 1_000_000}.{micros % 1_000_000:D6}";
        }
    }

    /// <summary>Adds a member's message to the workspace (what Slack keeps before it sends the event).</summary>
    public FakeSlackMessage AddMemberMessage(string channel, string user, string text, string? threadTs)
    {
        var message = new FakeSlackMessage(channel, NextTs(), threadTs, user, null, text, null, null);
        lock (_lock)
            _messages.Add(message);
        return message;
    }

    private async Task<IResult> HandleAsync(string method, HttpContext context)
    {
        var fields = await ReadFieldsAsync(context.Request);
        var token = context.Request.Headers.Authorization.ToString() is { Length: > 7 } auth ? auth["Bearer ".Length..] : null;
        lock (_lock)
            _calls.Add(new FakeSlackCall(method, fields, token, DateTimeOffset.UtcNow));
        if (_faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault) && fault(fields) is { } faulted)
            return faulted;
        var when = _hangWhen;
        var hang = when is not null && when(method, fields) && Interlocked.CompareExchange(ref _hangWhen, null, when) == when;
        var expected = method == "apps.connections.open" ? AppToken : BotToken;
        if (token != expected)
            return Error("invalid_auth");
        var result = Dispatch(method, fields);
        if (!hang)
            return result;
        // Done, but the answer never comes: what the bot sees when it crashes (or times out) between a post and its record.
        HungAfterCall.TrySetResult();
        return new HangAfterwards();
    }

    /// <summary>The next call to <paramref name="method"/> takes effect but is never answered.</summary>
    public void HangAfter(string method, Func<JsonObject, bool> which) => _hangWhen = (m, fields) => m == method && which(fields);

    private Func<string, JsonObject, bool>? _hangWhen;

    /// <summary>Completes when a call scripted by <see cref="HangAfter"/> took effect.</summary>
    public TaskCompletionSource HungAfterCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IResult Dispatch(string method, JsonObject fields)
    {
        return method switch
        {
            "auth.test" => Results.Json(new { ok = true, url = "https://test.slack.com/", team = "Test", user = "designbot", team_id = TeamId, user_id = BotUserId, bot_id = BotId }),
            "chat.postMessage" => PostMessage(fields),
            "chat.update" => Update(fields),
            "chat.postEphemeral" => PostEphemeral(fields),
            "chat.getPermalink" => Permalink(fields),
            "conversations.replies" => Replies(fields),
            "conversations.history" => History(fields),
            "users.info" => UserInfo(fields),
            "files.getUploadURLExternal" => UploadUrl(fields),
            "files.completeUploadExternal" => CompleteUpload(fields),
            "apps.connections.open" => OpenConnection(),
            _ => Error("unknown_method"),
        };
    }

    private IResult PostMessage(JsonObject f)
    {
        var channel = Str(f, "channel");
        if (channel is null)
            return Error("channel_not_found");
        var metadataKey = f["metadata"] is JsonObject meta && meta["event_type"]?.GetValue<string>() == SlackChannelClient.MetadataEventType
            ? meta["event_payload"]?["key"]?.GetValue<string>()
            : null;
        var message = new FakeSlackMessage(channel, NextTs(), Str(f, "thread_ts"), BotUserId, BotId, Str(f, "text") ?? "", f["blocks"]?.DeepClone() as JsonArray, metadataKey);
        lock (_lock)
            _messages.Add(message);
        return Results.Json(new { ok = true, channel, ts = message.Ts });
    }

    private IResult Update(JsonObject f)
    {
        lock (_lock)
        {
            var at = _messages.FindIndex(m => m.Channel == Str(f, "channel") && m.Ts == Str(f, "ts"));
            if (at < 0)
                return Error("message_not_found");
            _messages[at] = _messages[at] with { Text = Str(f, "text") ?? "", Blocks = f["blocks"]?.DeepClone() as JsonArray };
        }
        return Results.Json(new { ok = true, channel = Str(f, "channel"), ts = Str(f, "ts") });
    }

    private IResult PostEphemeral(JsonObject f)
    {
        var message = new FakeSlackMessage(Str(f, "channel") ?? "", NextTs(), Str(f, "thread_ts"), Str(f, "user") ?? "", BotId, Str(f, "text") ?? "", f["blocks"]?.DeepClone() as JsonArray, null);
        lock (_lock)
            _ephemerals.Add(message);
        return Results.Json(new { ok = true, message_ts = message.Ts });
    }

    /// <summary>The workspace's permalink of a message, as Slack forms it (a reply's names its thread).</summary>
    public static string PermalinkOf(string channel, string ts, string? threadTs) =>
        $"https://test.slack.com/archives/{channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}" + (threadTs is null || threadTs == ts ? "" : $"?thread_ts={threadTs}&cid={channel}");

    private IResult Permalink(JsonObject f)
    {
        FakeSlackMessage? found;
        lock (_lock)
            found = _messages.FirstOrDefault(m => m.Channel == Str(f, "channel") && m.Ts == Str(f, "message_ts"));
        return found is null
            ? Error("message_not_found")
            : Results.Json(new { ok = true, channel = found.Channel, permalink = PermalinkOf(found.Channel, found.Ts, found.ThreadTs) });
    }

    private IResult Replies(JsonObject f)
    {
        var thread = Str(f, "ts");
        List<FakeSlackMessage> found;
        lock (_lock)
            found = [.. _messages.Where(m => m.Channel == Str(f, "channel") && (m.Ts == thread || m.ThreadTs == thread))];
        if (found.Count == 0)
            return Error("thread_not_found");
        return Results.Text(new JsonObject { ["ok"] = true, ["messages"] = new JsonArray([.. found.Select(Json)]), ["has_more"] = false }.ToJsonString(), "application/json");
    }

    private IResult History(JsonObject f)
    {
        List<FakeSlackMessage> found;
        lock (_lock)
            found = [.. _messages.Where(m => m.Channel == Str(f, "channel") && (m.ThreadTs is null || m.ThreadTs == m.Ts)).Reverse()];
        return Results.Text(new JsonObject { ["ok"] = true, ["messages"] = new JsonArray([.. found.Select(Json)]), ["has_more"] = false }.ToJsonString(), "application/json");
    }

    private static JsonObject Json(FakeSlackMessage m)
    {
        var o = new JsonObject { ["type"] = "message", ["user"] = m.User, ["text"] = m.Text, ["ts"] = m.Ts };
        if (m.ThreadTs is not null)
            o["thread_ts"] = m.ThreadTs;
        if (m.BotId is not null)
            o["bot_id"] = m.BotId;
        if (m.MetadataKey is not null)
            o["metadata"] = new JsonObject { ["event_type"] = SlackChannelClient.MetadataEventType, ["event_payload"] = new JsonObject { ["key"] = m.MetadataKey } };
        return o;
    }

    private IResult UserInfo(JsonObject f)
    {
        var id = Str(f, "user") ?? "";
        return Users.TryGetValue(id, out var name)
            ? Results.Json(new { ok = true, user = new { id, name = name.ToLowerInvariant(), real_name = name, profile = new { display_name = name, real_name = name } } })
            : Error("user_not_found");
    }

    private IResult UploadUrl(JsonObject f)
    {
        var id = $"F{Interlocked.Increment(ref _ids):D6}";
        return Results.Json(new { ok = true, upload_url = $"{BaseUrl}/upload/{id}", file_id = id });
    }

    private IResult CompleteUpload(JsonObject f)
    {
        var files = JsonNode.Parse(Str(f, "files") ?? "[]")!.AsArray();
        lock (_lock)
        {
            foreach (var file in files)
            {
                var id = file!["id"]!.GetValue<string>();
                if (!_uploads.TryGetValue(id, out var content))
                    return Error("file_not_found");
                _files.Add(new FakeSlackFile(id, Str(f, "channel_id") ?? "", Str(f, "thread_ts"), file["title"]?.GetValue<string>() ?? "", id, content));
            }
        }
        return Results.Json(new { ok = true });
    }

    private IResult OpenConnection()
    {
        var n = Interlocked.Increment(ref _socketOpens);
        return Results.Json(new { ok = true, url = $"{BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal)}/link?n={n}" });
    }

    private static IResult Error(string error) => Results.Json(new { ok = false, error });

    private static string? Str(JsonObject f, string name) => f[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static async Task<JsonObject> ReadFieldsAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
            return JsonNode.Parse(body) as JsonObject ?? [];
        var fields = new JsonObject();
        foreach (var (key, value) in QueryHelpers.ParseQuery("?" + body))
            fields[key] = value.ToString();
        return fields;
    }

    public async ValueTask DisposeAsync()
    {
        Sockets.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class HangAfterwards : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Task.Delay(Timeout.Infinite, httpContext.RequestAborted);
    }

    private sealed class RateLimited(int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = (int)HttpStatusCode.TooManyRequests;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsync("""{"ok":false,"error":"ratelimited"}""");
        }
    }
}

/// <summary>One Socket Mode connection, server side: the test sends envelopes and reads the bot's acks.</summary>
public sealed class FakeSocket(WebSocket socket)
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<JsonObject> Received { get; } = System.Threading.Channels.Channel.CreateUnbounded<JsonObject>();

    public Task Closed => _closed.Task;

    public async Task SendAsync(object envelope) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(envelope is string s ? s : JsonSerializer.Serialize(envelope)), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Closes the socket from Slack's side, without a word (a dropped connection).</summary>
    public Task DropAsync() => socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "gone", CancellationToken.None);

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                if (JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)) is JsonObject o)
                    await Received.Writer.WriteAsync(o, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        Received.Writer.TryComplete();
        _closed.TrySetResult();
    }
}
