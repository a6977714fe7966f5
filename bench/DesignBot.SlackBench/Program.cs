// The Slack benchmark: a fake Slack Web API in this process, the Release host as a child process configured for Slack
// against it, then (1) ack latency of signed Events API requests sent open-loop at a fixed rate, and (2) turn → post
// throughput: reviews in many channels answered as fast as the bot asks, counted at the fake Web API.
// Usage: dotnet DesignBot.SlackBench.dll --host-dll <DesignBot.Host.dll> [--rate 500] [--seconds 10] [--reviews 20] [--replies 30]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DesignBot.Slack;
using DesignBot.Testing;
using Microsoft.AspNetCore.WebUtilities;

var options = Args(args);
var hostDll = options.GetValueOrDefault("host-dll") ?? throw new ArgumentException("--host-dll is required");
var rate = int.Parse(options.GetValueOrDefault("rate") ?? "500", CultureInfo.InvariantCulture);
var seconds = int.Parse(options.GetValueOrDefault("seconds") ?? "10", CultureInfo.InvariantCulture);
var reviews = int.Parse(options.GetValueOrDefault("reviews") ?? "20", CultureInfo.InvariantCulture);
var replies = int.Parse(options.GetValueOrDefault("replies") ?? "30", CultureInfo.InvariantCulture);
const string Secret = "bench-signing-secret";
const string BotToken = "xoxb-bench";

var fake = new FakeWebApi();
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapPost("/api/{method}", fake.HandleAsync);
await app.StartAsync();
var apiBase = app.Urls.First().TrimEnd('/') + "/api/";

var data = Directory.CreateTempSubdirectory("designbot-slackbench");
var port = FreePort();
var hostUrl = $"http://127.0.0.1:{port}";
var host = Process.Start(new ProcessStartInfo("dotnet")
{
    ArgumentList =
    {
        hostDll, "--urls", hostUrl, "--Storage:Provider=Sqlite", $"--Storage:Sqlite:Path={data.FullName}/designbot.db", "--Playground:Enabled=false",
        $"--DesignBot:PublicBaseUrl={hostUrl}", "--DesignBot:LinkSigningKey=bench-key", "--DesignBot:SettleSeconds=0", "--Logging:LogLevel:Default=Warning",
        $"--Slack:SigningSecret={Secret}", $"--Slack:BotToken={BotToken}", $"--Slack:ApiBaseUrl={apiBase}", "--Slack:PostsPerSecondPerChannel=1000",
    },
    UseShellExecute = false,
})!;
try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(hostUrl), Timeout = TimeSpan.FromSeconds(30) };
    for (var i = 0; i < 300 && !await HealthyAsync(http); i++)
        await Task.Delay(100);

    // Warm-up: JIT, connections, the SQLite file.
    await AckPhaseAsync(http, 200, 2, "warm");
    var acks = await AckPhaseAsync(http, rate, seconds, "ack");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ack latency at {rate} req/s for {seconds} s ({acks.Count} signed event requests, new thread replies): p50 {Percentile(acks, 50):0.00} ms, p99 {Percentile(acks, 99):0.00} ms, max {acks.Max():0.00} ms, non-200: {_non200}"));

    await ThroughputPhaseAsync(http, fake, reviews, replies);
}
finally
{
    host.Kill(entireProcessTree: true);
    await host.WaitForExitAsync();
    await app.StopAsync();
    data.Delete(recursive: true);
}
return 0;

async Task<List<double>> AckPhaseAsync(HttpClient http, int perSecond, int duration, string tag)
{
    var latencies = new ConcurrentBag<double>();
    var total = perSecond * duration;
    var tasks = new List<Task>(total);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / perSecond);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
            await Task.Delay(wait);
        var body = EventBody($"Ev{tag}{i}", new { type = "message", user = "UBENCH", text = $"reply {i}", ts = SlackTs.Format(DateTimeOffset.UtcNow), thread_ts = "1700000000.000001", channel = "CACK", channel_type = "channel" });
        tasks.Add(SendTimedAsync(http, "/slack/events", body, "application/json", latencies));
    }
    await Task.WhenAll(tasks);
    return [.. latencies];
}

async Task ThroughputPhaseAsync(HttpClient http, FakeWebApi fake, int reviewCount, int repliesPerReview)
{
    var template = DesignBot.Core.Templates.TemplateLoader.Default;
    var clock = Stopwatch.StartNew();
    var postsBefore = fake.Calls;
    var turnLatencies = new ConcurrentBag<double>();
    await Task.WhenAll(Enumerable.Range(0, reviewCount).Select(async r =>
    {
        var channel = $"CBENCH{r}";
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["command"] = "/design", ["text"] = $"start Bench {r}", ["channel_id"] = channel, ["user_id"] = "UALICE", ["trigger_id"] = $"t{r}", ["team_id"] = "T1" });
        await SendAsync(http, "/slack/commands", await form.ReadAsStringAsync(), "application/x-www-form-urlencoded");
        var root = (await fake.WaitAsync(channel, m => m.ThreadTs is null && m.Text.StartsWith("Step 1/6", StringComparison.Ordinal))).Ts;
        var turn = 0;
        for (var s = 0; s < template.Steps.Count && turn < repliesPerReview; s++)
        {
            if (s > 0)
                root = (await fake.WaitAsync(channel, m => m.ThreadTs is null && m.Text.StartsWith($"Step {s + 1}/6", StringComparison.Ordinal))).Ts;
            var step = template.Steps[s];
            for (var q = 0; q < step.Questions.Count && turn < repliesPerReview; q++, turn++)
            {
                var marker = $"Q{q + 1}/{step.Questions.Count}: ";
                await fake.WaitAsync(channel, m => m.ThreadTs == root && m.Text.Contains(marker, StringComparison.Ordinal));
                var sent = Stopwatch.GetTimestamp();
                var text = TestAnswers.For(step.Questions[q], turn);
                var body = EventBody($"Ev{channel}-{turn}", new { type = "message", user = TestAnswers.Members[turn % 3] == "alice" ? "UALICE" : "UBOB", text, ts = SlackTs.Format(DateTimeOffset.UtcNow), thread_ts = root, channel, channel_type = "channel" });
                await SendAsync(http, "/slack/events", body, "application/json");
                // The turn is done when the bot posts its next message in this channel.
                var next = q + 1 < step.Questions.Count ? $"Q{q + 2}/{step.Questions.Count}: " : "Step done";
                await fake.WaitAsync(channel, m => m.ThreadTs == root && m.Text.Contains(next, StringComparison.Ordinal));
                turnLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }
    }));
    var elapsed = clock.Elapsed.TotalSeconds;
    var calls = fake.Calls - postsBefore;
    var lat = turnLatencies.ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"turn → post: {reviewCount} reviews in {reviewCount} channels × {repliesPerReview} replies = {lat.Count} turns in {elapsed:0.0} s = {lat.Count / elapsed:0.0} turns/s; {calls} Web API writes (chat.postMessage/update/postEphemeral) = {calls / elapsed:0.0}/s; reply → next question p50 {Percentile(lat, 50):0.0} ms, p99 {Percentile(lat, 99):0.0} ms"));
}

async Task SendTimedAsync(HttpClient http, string path, string body, string contentType, ConcurrentBag<double> latencies)
{
    var start = Stopwatch.GetTimestamp();
    var status = await SendAsync(http, path, body, contentType);
    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    if (status != HttpStatusCode.OK)
        Interlocked.Increment(ref _non200);
}

static async Task<HttpStatusCode> SendAsync(HttpClient http, string path, string body, string contentType)
{
    var bytes = Encoding.UTF8.GetBytes(body);
    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
    request.Content.Headers.ContentType = new(contentType);
    request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
    request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(Secret, timestamp, bytes));
    using var response = await http.SendAsync(request);
    return response.StatusCode;
}

static string EventBody(string eventId, object inner) =>
    JsonSerializer.Serialize(new { token = "t", team_id = "T1", api_app_id = "A1", @event = inner, type = "event_callback", event_id = eventId, event_time = 1 });

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}

static async Task<bool> HealthyAsync(HttpClient http)
{
    try
    {
        return (await http.GetAsync("/healthz")).IsSuccessStatusCode;
    }
    catch (HttpRequestException)
    {
        return false;
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Dictionary<string, string> Args(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
        options[args[i].TrimStart('-')] = args[i + 1];
    return options;
}

partial class Program
{
    private static int _non200;
}

/// <summary>The Web API methods the host calls, answered from memory; bot messages kept per channel for the waits.</summary>
sealed class FakeWebApi
{
    private readonly ConcurrentDictionary<string, List<(string Ts, string? ThreadTs, string Text)>> _channels = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _changed = new();
    private long _micros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    private int _calls;

    public int Calls => _calls;

    public async Task<IResult> HandleAsync(string method, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var fields = request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
            ? JsonNode.Parse(body)!.AsObject().Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString())
            : QueryHelpers.ParseQuery("?" + body).ToDictionary(p => p.Key, p => p.Value.ToString());
        switch (method)
        {
            case "auth.test":
                return Results.Json(new { ok = true, team_id = "T1", user_id = "UBOT", bot_id = "BBOT" });
            case "users.info":
                return Results.Json(new { ok = true, user = new { id = fields["user"], name = fields["user"], profile = new { display_name = fields["user"] } } });
            case "chat.postMessage":
            case "chat.postEphemeral":
                Interlocked.Increment(ref _calls);
                var ts = Next();
                var list = _channels.GetOrAdd(fields["channel"], _ => []);
                lock (list)
                    list.Add((ts, fields.GetValueOrDefault("thread_ts"), fields.GetValueOrDefault("text") ?? ""));
                _changed.GetOrAdd(fields["channel"], _ => new SemaphoreSlim(0)).Release();
                return Results.Json(new { ok = true, ts, message_ts = ts, channel = fields["channel"] });
            case "chat.update":
                Interlocked.Increment(ref _calls);
                return Results.Json(new { ok = true });
            default:
                return Results.Json(new { ok = true, messages = Array.Empty<object>() });
        }
    }

    public async Task<(string Ts, string? ThreadTs, string Text)> WaitAsync(string channel, Func<(string Ts, string? ThreadTs, string Text), bool> match)
    {
        var signal = _changed.GetOrAdd(channel, _ => new SemaphoreSlim(0));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var list = _channels.GetOrAdd(channel, _ => []);
            lock (list)
            {
                foreach (var m in Enumerable.Reverse(list))
                {
                    if (match(m))
                        return m;
                }
            }
            await signal.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"No matching message in {channel}.");
    }

    private string Next()
    {
        var micros = Interlocked.Increment(ref _micros);
        micros = Math.Max(micros, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        return $"{micros / 1_000_000}.{micros % 1_000_000:D6}";
    }
}
