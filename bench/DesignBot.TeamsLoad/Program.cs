// Teams load generator: plays Microsoft's side (OpenID metadata + JWKS, token endpoint, Bot Connector) on 127.0.0.1 and
// drives DesignBot's POST /api/messages with signed activities, in two phases:
//   ack   open loop at --rate activities/s for --ack-seconds: thread replies outside any review (authenticated, stored in
//         the inbox, then answered with nothing); reports the HTTP answer's p50/p99.
//   loop  --users members, each running reviews in a channel of their own: answer → wait for the bot's next question at the
//         fake connector (in the step thread, or in the next step's new thread) → answer again, for --seconds;
//         reports turns/s and p50/p99, like ../shared/bench/bf-load.js does for the SDK's bot.
//   Both phases may be warmed first by an unmeasured run of --warm-seconds; with --host-pid the host's CPU time per turn is
//   reported (and the generator's own), from /proc.
// Usage: DesignBot.TeamsLoad --url http://127.0.0.1:39781 --fake-port 39790 [--rate 500 --ack-seconds 10] [--users 20 --seconds 10]
//        [--warm-seconds 10] [--host-pid N] [--phases ack,loop]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using DesignBot.Core.Templates;
using DesignBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal)).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
var url = Option("url", "http://127.0.0.1:39781");
var fakePort = int.Parse(Option("fake-port", "39790"), CultureInfo.InvariantCulture);
var rate = int.Parse(Option("rate", "500"), CultureInfo.InvariantCulture);
var ackSeconds = int.Parse(Option("ack-seconds", "10"), CultureInfo.InvariantCulture);
var users = int.Parse(Option("users", "20"), CultureInfo.InvariantCulture);
var seconds = int.Parse(Option("seconds", "10"), CultureInfo.InvariantCulture);
var phases = Option("phases", "ack,loop").Split(',');
// The host's process, when given: its CPU time over the measured part of the loop, per turn (less noise-sensitive than turns/s).
var hostPid = options.TryGetValue("host-pid", out var pidText) ? int.Parse(pidText, CultureInfo.InvariantCulture) : (int?)null;
const string AppId = "11111111-2222-3333-4444-555555555555";

var fake = new FakeMicrosoft(fakePort);
await fake.StartAsync();
var serviceUrl = $"http://127.0.0.1:{fakePort}/amer/";
var token = fake.Token(serviceUrl, AppId);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

async Task<int> SendAsync(JsonObject activity)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    return (int)response.StatusCode;
}

// Warm-up: a few requests so the keys, the token and the JIT are ready.
for (var i = 0; i < 200; i++)
    await SendAsync(Activity.Reply(serviceUrl, $"19:warm{i % 10}@thread.tacv2", "warm", "x", fake.NextId(), "1700000000000"));

// A loop run before the measured one warms the host's JIT (tiered compilation) the way hours of traffic would; the ack
// phase is warmed alike by an unmeasured run at the same rate.
var warmSeconds = int.Parse(Option("warm-seconds", "0"), CultureInfo.InvariantCulture);
if (phases.Contains("ack"))
{
    if (warmSeconds > 0)
        await AckAsync(warmSeconds, report: false);
    await AckAsync(ackSeconds, report: true);
}

if (phases.Contains("loop"))
{
    if (warmSeconds > 0)
        await LoopAsync(warmSeconds, report: false);
    await LoopAsync(seconds, report: true);
}
await fake.StopAsync();
return 0;

// Thread replies outside any review at a fixed rate for runSeconds, open loop; reports the answers' p50/p99.
async Task AckAsync(int runSeconds, bool report)
{
    var latencies = new ConcurrentBag<double>();
    var failed = 0;
    var total = rate * runSeconds;
    var inFlight = new List<Task>(total);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / rate);
        // Sleeps rather than spins: the generator shares the cores with the host. Requests due meanwhile go out together.
        while (clock.Elapsed < due)
            await Task.Delay(1);
        var n = i;
        inFlight.Add(Task.Run(async () =>
        {
            var sent = Stopwatch.GetTimestamp();
            var status = await SendAsync(Activity.Reply(serviceUrl, $"19:ack{n % 50}@thread.tacv2", $"member{n % 7}", $"chatter {n}", fake.NextId(), "1700000000000"));
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (status != 200)
                Interlocked.Increment(ref failed);
        }));
    }
    await Task.WhenAll(inFlight);
    var sorted = latencies.Order().ToArray();
    if (report)
        Console.WriteLine($"ack: rate={rate}/s seconds={runSeconds} sent={total} achieved={total / clock.Elapsed.TotalSeconds:0}/s p50={Percentile(sorted, 0.5):0.00}ms p99={Percentile(sorted, 0.99):0.00}ms max={sorted[^1]:0.0}ms non200={failed}");
}

// Members answering and waiting for the next question for loopSeconds (after 2 s not counted); reports turns/s and p50/p99.
async Task LoopAsync(int loopSeconds, bool report)
{
    var template = TemplateLoader.Default;
    var stepOfRoot = new ConcurrentDictionary<string, int>();
    var latencies = new ConcurrentBag<double>();
    var stepChanges = new ConcurrentBag<double>();
    var starts = new ConcurrentBag<double>();
    var ends = new ConcurrentBag<double>();
    var end = DateTime.UtcNow.AddSeconds(loopSeconds + 2);
    var warmUntil = DateTime.UtcNow.AddSeconds(2);
    var turns = 0;
    var reviews = 0;
    var measuredFrom = Stopwatch.StartNew();
    TimeSpan? cpuAtWarm = null;
    TimeSpan? ownCpuAtWarm = null;
    _ = Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        cpuAtWarm = CpuTime(hostPid);
        ownCpuAtWarm = CpuTime(Environment.ProcessId);
    });
    async Task MemberAsync(int u)
    {
        var turn = 0;
        while (DateTime.UtcNow < end)
        {
            var channel = $"19:bench{u}x{Guid.NewGuid():N}@thread.tacv2";
            var inbox = fake.Listen(channel);
            var startedAt = Stopwatch.GetTimestamp();
            await SendAsync(Activity.Command(serviceUrl, channel, $"member{u}", "start Bench", fake.NextId(), Tenant(u)));
            var (root, question) = await NextQuestionAsync(inbox, null);
            starts.Add(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
            while (question is not null && DateTime.UtcNow < end)
            {
                var (step, index) = question.Value;
                var text = TestAnswers.For(template.Steps[step].Questions[index], turn++);
                var sent = Stopwatch.GetTimestamp();
                await SendAsync(Activity.Reply(serviceUrl, channel, $"member{(u + turn) % 3}", text, fake.NextId(), root!, Tenant(u)));
                var answeredIn = root;
                (root, question) = await NextQuestionAsync(inbox, root);
                if (question is not null && DateTime.UtcNow > warmUntil)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    if (root != answeredIn)
                        stepChanges.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref turns);
                }
                if (question is null)
                    ends.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            Interlocked.Increment(ref reviews);
            fake.Forget(channel);
        }
    }
    // The next question the bot asks in this channel (following it into a new step thread); null when the review is done.
    async Task<(string? Root, (int Step, int Index)? Question)> NextQuestionAsync(ChannelReader<Posted> inbox, string? root)
    {
        while (true)
        {
            var posted = await inbox.ReadAsync();
            if (posted.NewThread && posted.Fallback.StartsWith("Step ", StringComparison.Ordinal))
                root = posted.Id;
            else if (posted.NewThread && posted.Fallback.StartsWith("Design summary", StringComparison.Ordinal))
                return (root, null);
            else if (!posted.NewThread && Question().Match(posted.Fallback) is { Success: true } q)
            {
                return (root, (stepOfRoot.GetValueOrDefault(root!), int.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture) - 1));
            }
        }
    }
    fake.OnStepRoot = (root, fallback) => stepOfRoot[root] = int.Parse(StepNumber().Match(fallback).Groups[1].Value, CultureInfo.InvariantCulture) - 1;
    await Task.WhenAll(Enumerable.Range(0, users).Select(u => Task.Run(() => MemberAsync(u))));
    var span = measuredFrom.Elapsed.TotalSeconds - 2;
    var cpu = CpuTime(hostPid) - cpuAtWarm;
    var sorted = latencies.Order().ToArray();
    var ownCpu = CpuTime(Environment.ProcessId) - ownCpuAtWarm;
    var cpuPerTurn = (cpu is { } used && turns > 0 ? $" hostCpuMsPerTurn={used.TotalMilliseconds / turns:0.00}" : "")
        + (ownCpu is { } own && turns > 0 ? $" generatorCpuMsPerTurn={own.TotalMilliseconds / turns:0.00}" : "");
    if (report)
        Console.WriteLine($"loop: users={users} seconds={loopSeconds} turns={turns} turnsPerSec={turns / span:0.0} p50={Percentile(sorted, 0.5):0.00}ms p99={Percentile(sorted, 0.99):0.00}ms reviews={reviews}{cpuPerTurn}");
    if (report && !stepChanges.IsEmpty)
    {
        var changes = stepChanges.Order().ToArray();
        Console.WriteLine($"      of which into a new step thread: {changes.Length} turns, p50={Percentile(changes, 0.5):0.00}ms p99={Percentile(changes, 0.99):0.00}ms; mean of all turns {sorted.Average():0.00}ms");
        Console.WriteLine($"      start -> Q1: p50={Percentile([.. starts.Order()], 0.5):0.00}ms mean={starts.Average():0.00}ms; last answer -> summary: p50={Percentile([.. ends.Order()], 0.5):0.00}ms mean={(ends.IsEmpty ? 0 : ends.Average()):0.00}ms");
    }
}

// Each member's team is a customer tenant of its own: Teams allows 50 messages a second per app per tenant, and one
// tenant's limit would otherwise bound the whole run (the per-thread limit, 7 a second, still applies to every review).
static string Tenant(int user) => $"tenant-{user}";

// User + system CPU time of a process so far, from /proc (Linux); null when not known.
static TimeSpan? CpuTime(int? pid)
{
    if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        return null;
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th, stime the 15th.
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
}

static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

internal sealed record Posted(string Conversation, string Id, string Fallback, bool NewThread);

internal static partial class Program
{
    [GeneratedRegex(@"Q(\d+)/(\d+): ")]
    internal static partial Regex Question();

    [GeneratedRegex(@"^Step (\d+)/")]
    internal static partial Regex StepNumber();
}

internal static class Activity
{
    public static JsonObject Command(string serviceUrl, string channel, string user, string text, long id, string tenant) =>
        Message(serviceUrl, channel, user, $"<at>DesignBot</at> {text}", id, id.ToString(CultureInfo.InvariantCulture), mention: true, tenant);

    public static JsonObject Reply(string serviceUrl, string channel, string user, string text, long id, string root, string tenant = "tenant-ack") =>
        Message(serviceUrl, channel, user, System.Net.WebUtility.HtmlEncode(text), id, root, mention: false, tenant);

    private static JsonObject Message(string serviceUrl, string channel, string user, string text, long id, string root, bool mention, string tenant) => new()
    {
        ["type"] = "message",
        ["channelId"] = "msteams",
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["serviceUrl"] = serviceUrl,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["text"] = text,
        ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channel }, ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2" }, ["tenant"] = new JsonObject { ["id"] = tenant } },
        ["from"] = new JsonObject { ["id"] = $"29:{user}", ["name"] = user },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "DesignBot" },
        ["conversation"] = new JsonObject { ["id"] = $"{channel};messageid={root}", ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = tenant },
        ["entities"] = mention ? new JsonArray(new JsonObject { ["type"] = "mention", ["mentioned"] = new JsonObject { ["id"] = "28:bot", ["name"] = "DesignBot" }, ["text"] = "<at>DesignBot</at>" }) : new JsonArray(),
    };
}

/// <summary>Microsoft's side: OpenID metadata and keys, the token endpoint, and a Bot Connector that hands posts to listeners.</summary>
internal sealed class FakeMicrosoft(int port)
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "bench-key" };
    private readonly ConcurrentDictionary<string, Channel<Posted>> _listeners = new();
    private WebApplication? _app;
    private long _lastId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public Action<string, string>? OnStepRoot { get; set; }

    public ChannelReader<Posted> Listen(string channel) => _listeners.GetOrAdd(channel, _ => System.Threading.Channels.Channel.CreateUnbounded<Posted>()).Reader;

    public void Forget(string channel) => _listeners.TryRemove(channel, out _);

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

    public string Token(string serviceUrl, string appId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://api.botframework.com",
        Audience = appId,
        Expires = DateTime.UtcNow.AddHours(2),
        Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
    });

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var p = _key.Rsa.ExportParameters(false);
        var jwks = new JsonObject { ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = _key.KeyId, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent), ["endorsements"] = new JsonArray("msteams") }) }.ToJsonString();
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new { issuer = "https://api.botframework.com", jwks_uri = $"http://127.0.0.1:{port}/v1/.well-known/keys" }));
        app.MapGet("/v1/.well-known/keys", () => Results.Content(jwks, "application/json"));
        app.MapPost("/{tenant}/oauth2/v2.0/token", () => Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = "bench-token" }));
        app.MapPost("/amer/v3/conversations", (Func<HttpContext, Task<IResult>>)(async context =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            var channel = body["channelData"]!["channel"]!["id"]!.GetValue<string>();
            var id = NextId().ToString(CultureInfo.InvariantCulture);
            var fallback = Fallback(body["activity"]);
            if (fallback.StartsWith("Step ", StringComparison.Ordinal))
                OnStepRoot?.Invoke(id, fallback);
            Deliver(channel, new Posted($"{channel};messageid={id}", id, fallback, NewThread: true));
            return Results.Json(new { id = $"{channel};messageid={id}", activityId = id }, statusCode: 201);
        }));
        app.MapPost("/amer/v3/conversations/{conversation}/activities", async (HttpContext context, string conversation) =>
        {
            // Every question comes this way: only the card's fallback text is read, without building the whole document.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var id = NextId().ToString(CultureInfo.InvariantCulture);
            var decoded = Uri.UnescapeDataString(conversation);
            Deliver(decoded.Split(";messageid=")[0], new Posted(decoded, id, FallbackText(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), NewThread: false));
            return Results.Json(new { id }, statusCode: 201);
        });
        app.MapPut("/amer/v3/conversations/{conversation}/activities/{id}", (string id) => Results.Json(new { id }));
        await app.StartAsync();
        _app = app;
    }

    public Task StopAsync() => _app!.StopAsync();

    private void Deliver(string channel, Posted posted)
    {
        if (_listeners.TryGetValue(channel, out var listener))
            listener.Writer.TryWrite(posted);
    }

    // The first "fallbackText" string in the activity (the card's: a card goes alone in its activity).
    private static string FallbackText(ReadOnlySpan<byte> json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("fallbackText"u8) && reader.Read()
                && reader.TokenType == System.Text.Json.JsonTokenType.String)
                return reader.GetString() ?? "";
        }
        return "";
    }

    private static string Fallback(JsonNode? activity) => activity?["attachments"]?[0]?["content"]?["fallbackText"]?.GetValue<string>() ?? "";
}
