using DesignBot.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DesignBot.Core.Templates;

// Load generator: N concurrent reviews × M replies through the playground API of a running host, for R rounds
// (each of the N slots runs R reviews one after another, so the load is sustained). Each review answers its
// questions one after another (as a team does); latency is reply POST → the bot's next message in that thread,
// seen on the server-sent event stream. Loopback only; stops by itself.
var options = LoadOptions.Parse(args);
if (options.Urls.Any(u => !u.IsLoopback))
{
    Console.Error.WriteLine("The load generator only targets loopback addresses.");
    return 2;
}
// Several hosts (sharing one store and one playground channel): replies alternate between them, and each host's
// event stream is followed, since a host streams the messages it posted itself.
var clients = options.Urls.Select(u => new HttpClient { BaseAddress = u, Timeout = TimeSpan.FromSeconds(30) }).ToList();
var http = clients[0];
var threads = new ThreadWatcher();
using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(options.MaxSeconds));
var streams = clients.Select(c => threads.RunAsync(c, cts.Token)).ToList();
await threads.Connected(clients.Count).WaitAsync(TimeSpan.FromSeconds(10));

// Start the reviews one by one (not measured) and find each one's six step threads.
var template = TemplateLoader.Default;
async Task<List<string[]>> StartReviewsAsync(int count, string label)
{
    var started = new List<string[]>();
    for (var i = 0; i < count; i++)
    {
        var roots = threads.ExpectRoots(template.Steps.Count);
        await Post(http, "lead", $"/design start {label} {i} --parallel", null);
        started.Add(await roots.WaitAsync(TimeSpan.FromSeconds(30)));
    }
    await Task.Delay(500); // let every first question land
    return started;
}

// Each review walks the steps' questions in order, answering each with a valid value and waiting for the
// bot's next message in that thread, until it has sent its replies. Slot i runs reviews i, i + N, i + 2N, …
async Task RunReviewsAsync(List<string[]> reviews, int concurrent, int replies, ConcurrentBag<double>? latencies, ConcurrentBag<double>? postLatencies)
{
    await Task.WhenAll(Enumerable.Range(0, concurrent).Select(slot => Task.Run(async () =>
    {
        for (var r = slot; r < reviews.Count; r += concurrent)
            await RunReviewAsync(reviews[r], r, replies, latencies, postLatencies);
    })));
}

async Task RunReviewAsync(string[] roots, int r, int replies, ConcurrentBag<double>? latencies, ConcurrentBag<double>? postLatencies)
{
    var sent = 0;
    foreach (var (step, s) in template.Steps.Select((step, s) => (step, s)))
    {
        foreach (var question in step.Questions)
        {
            if (sent++ >= replies)
                return;
            var next = threads.ExpectNext(roots[s]);
            var started = Stopwatch.GetTimestamp();
            await Post(clients[(r + sent) % clients.Count], $"member{r % 7}", TestAnswers.For(question, sent), roots[s]);
            postLatencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await next.WaitAsync(TimeSpan.FromSeconds(30), cts.Token);
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

// Warm-up, not measured: the host's JIT settles (tiered compilation) before the figures count.
if (options.Warmup > 0)
{
    var warmup = await StartReviewsAsync(options.Warmup, "Warm-up");
    await RunReviewsAsync(warmup, warmup.Count, 40, null, null);
}

var reviews = await StartReviewsAsync(options.Reviews * options.Rounds, "Load test");
var latencies = new ConcurrentBag<double>();
var postLatencies = new ConcurrentBag<double>();
var cpuBefore = HostCpu(options.HostPid);
Console.WriteLine($"measuring {options.Reviews} concurrent reviews x {options.Replies} replies x {options.Rounds} rounds");
var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var stopwatch = Stopwatch.StartNew();
await RunReviewsAsync(reviews, options.Reviews, options.Replies, latencies, postLatencies);
stopwatch.Stop();
await cts.CancelAsync();

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"concurrent reviews={options.Reviews} replies/review={options.Replies} rounds={options.Rounds} total={sorted.Length} time={stopwatch.Elapsed.TotalSeconds:F2}s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"throughput={sorted.Length / stopwatch.Elapsed.TotalSeconds:F0} replies/s  p50={Percentile(0.50):F1} ms  p99={Percentile(0.99):F1} ms  max={sorted[^1]:F1} ms"));
var posts = postLatencies.Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"reply POST alone: p50={posts[posts.Length / 2]:F1} ms  p99={posts[Math.Min(posts.Length - 1, (int)(posts.Length * 0.99))]:F1} ms"));
if (HostCpu(options.HostPid) is { } cpuAfter && cpuBefore is { } before)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"host cpu: {(cpuAfter - before) / sorted.Length * 1000:F2} ms per reply ({(cpuAfter - before) / stopwatch.Elapsed.TotalSeconds:F2} cores)"));
}
var ownCpu = (Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore).TotalMilliseconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"load generator cpu: {ownCpu / sorted.Length:F2} ms per reply ({ownCpu / 1000 / stopwatch.Elapsed.TotalSeconds:F2} cores)"));
if (options.HostPid is { } pid && File.Exists($"/proc/{pid}/status"))
{
    var hwm = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    Console.WriteLine($"host peak memory (VmHWM): {hwm?.Split(':')[1].Trim()}");
}
return 0;

// The host's user+system CPU seconds so far (Linux /proc), or null when unknown.
static double? HostCpu(int? pid)
{
    if (pid is null || !File.Exists($"/proc/{pid}/stat"))
        return null;
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static async Task Post(HttpClient http, string user, string text, string? threadId)
{
    using var response = await http.PostAsJsonAsync("/playground/api/messages", new { user, text, threadId });
    response.EnsureSuccessStatusCode();
}

internal sealed record LoadOptions(IReadOnlyList<Uri> Urls, int Reviews, int Replies, int Rounds, int Warmup, int MaxSeconds, int? HostPid)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new LoadOptions(
            [.. (Get("--url") ?? "http://127.0.0.1:3978").Split(',').Select(u => new Uri(u))],
            int.Parse(Get("--reviews") ?? "50", CultureInfo.InvariantCulture),
            int.Parse(Get("--replies") ?? "40", CultureInfo.InvariantCulture),
            int.Parse(Get("--rounds") ?? "1", CultureInfo.InvariantCulture),
            int.Parse(Get("--warmup") ?? "20", CultureInfo.InvariantCulture),
            int.Parse(Get("--max-seconds") ?? "300", CultureInfo.InvariantCulture),
            Get("--host-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
    }
}

/// <summary>Follows the playground's event stream: new step roots, and the bot's next message per thread.</summary>
internal sealed class ThreadWatcher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource> _next = [];
    private readonly HashSet<string> _seen = [];
    private (int Count, List<string> Roots, TaskCompletionSource<string[]> Done)? _roots;

    private int _connected;
    private readonly TaskCompletionSource _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = 1;

    public Task Connected(int streams)
    {
        _expected = streams;
        if (Volatile.Read(ref _connected) >= streams)
            _allConnected.TrySetResult();
        return _allConnected.Task;
    }

    public Task<string[]> ExpectRoots(int count)
    {
        var done = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
            _roots = (count, [], done);
        return done.Task;
    }

    public Task ExpectNext(string threadId)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
            _next[threadId] = next;
        return next.Task;
    }

    public async Task RunAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/playground/api/events");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        if (Interlocked.Increment(ref _connected) >= _expected)
            _allConnected.TrySetResult();
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    OnMessage(line.AsSpan(6));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnMessage(ReadOnlySpan<char> json)
    {
        if (ReadMessage(json) is not var (id, threadId, text))
            return;
        lock (_lock)
        {
            if (!_seen.Add(id))
                return; // an update of a message already seen (the review card)
            if (threadId is null)
            {
                if (_roots is { } roots && text.StartsWith("Step ", StringComparison.Ordinal))
                {
                    roots.Roots.Add(id);
                    if (roots.Roots.Count == roots.Count)
                        roots.Done.TrySetResult([.. roots.Roots]);
                }
                return;
            }
            if (_next.Remove(threadId, out var next))
                next.TrySetResult();
        }
    }

    // A bot message's id, thread and text, which the playground writes before the card; the card itself is not
    // parsed, so following the stream costs the generator little of the machine it shares with the host.
    private static (string Id, string? ThreadId, string Text)? ReadMessage(ReadOnlySpan<char> json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json.ToArray()));
        string? id = null, threadId = null, text = null;
        var isBot = false;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id": id = reader.GetString(); break;
                case "threadId": threadId = reader.GetString(); break;
                case "isBot": isBot = reader.GetBoolean(); break;
                case "text": text = reader.GetString(); break;
                case "card": return isBot && id is not null && text is not null ? (id, threadId, text) : null;
                default: reader.Skip(); break;
            }
            if (name == "isBot" && !isBot)
                return null;
        }
        return isBot && id is not null && text is not null ? (id, threadId, text) : null;
    }
}
