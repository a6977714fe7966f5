using System.Collections.Concurrent;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;
using DesignBot.Storage.Sqlite;
using Microsoft.Extensions.Logging;

// The telemetry tests read process-wide instruments and activity sources: run this assembly's tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// The real pipeline (intake, inbox worker, turn processor, outbox worker and dispatcher) on a SQLite store in a temp
/// file, posting to a fake channel. The outbox worker starts only when asked, so a test can hold the outbox.
/// </summary>
internal sealed class PipelineRig : IAsyncDisposable
{
    public static readonly ChannelRef Channel = new(RecordingChannelClient.PlatformName, "C1");
    public static readonly UserRef Alice = new("U1", "Alice");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "designbot-pipeline-" + Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Microsoft.Extensions.Hosting.BackgroundService> _workers = [];

    public SqliteReviewStore Store { get; }
    public PipelineSignals Signals => _signals;
    public RecordingChannelClient Client { get; } = new();
    public CapturingLogger<InboxWorker> InboxLog { get; } = new();
    public TurnProcessor Processor { get; }
    public OutboxDispatcher Dispatcher { get; }
    public EventIntake Intake { get; }
    public OutboxGauges Gauges { get; }

    private readonly InboxQueue _queue = new();
    private readonly PipelineSignals _signals = new();
    private readonly CommitsInFlight _commits = new();

    /// <param name="turnStore">What the turn processor sees of the store (a wrapper that misbehaves), if not the store itself.</param>
    /// <param name="dispatchStore">What the outbox dispatcher sees of the store, likewise.</param>
    public PipelineRig(Func<InboundEvent, string>? newReviewId = null, Func<IReviewStore, IReviewStore>? turnStore = null, Func<IReviewStore, IReviewStore>? dispatchStore = null)
    {
        Directory.CreateDirectory(_folder);
        Store = new SqliteReviewStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "designbot.db") });
        var posts = new PostRecordedSignal();
        Processor = new TurnProcessor(_commits.Track(turnStore?.Invoke(Store) ?? Store), new ReviewEngine(TemplateCatalog.BuiltIn, new Links()), TimeProvider.System, posts, newReviewId);
        Dispatcher = new OutboxDispatcher(dispatchStore?.Invoke(Store) ?? Store, [Client], TimeProvider.System, "test-host", posts);
        Intake = new EventIntake(Store, _queue, TimeProvider.System);
        Gauges = new OutboxGauges(Store, TimeProvider.System, new CapturingLogger<OutboxGauges>());
    }

    public async Task StartAsync(bool outbox = true)
    {
        await Store.InitializeAsync();
        await StartWorkerAsync(new InboxWorker(_commits.Track(Store), Processor, _queue, _signals, TimeProvider.System, InboxLog));
        if (outbox)
            await StartOutboxAsync();
    }

    /// <param name="fullSearchEvery">How often the outbox worker searches every queue (default: its own); a long one leaves the turns' hints alone to carry the messages.</param>
    public Task StartOutboxAsync(TimeSpan? fullSearchEvery = null) => StartWorkerAsync(
        new OutboxWorker(Dispatcher, Store, _signals, Microsoft.Extensions.Options.Options.Create(new PipelineOptions()), new CapturingLogger<OutboxWorker>())
        {
            FullSearchEvery = fullSearchEvery ?? OutboxWorker.DefaultFullSearchEvery,
        });

    private async Task StartWorkerAsync(Microsoft.Extensions.Hosting.BackgroundService worker)
    {
        _workers.Add(worker);
        await worker.StartAsync(_stopping.Token);
    }

    /// <summary>
    /// Waits until the inbox has nothing left to process and every turn's commit has returned (every accepted event's
    /// turn committed, and what the store keeps in memory has followed). The inbox alone says "processed" a moment early:
    /// a read of the review in between may still get the state from before the last turn.
    /// </summary>
    public async Task InboxDrainedAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The inbox first: a commit that marked an event processed was called before, so it is counted or has returned.
        while ((await Store.PendingInboxAsync(10, guard.Token)).Count > 0 || _commits.Count > 0)
            await Task.Delay(10, guard.Token);
    }

    /// <summary>Waits until the outbox has nothing left to send: a post lands on the platform a moment before its send is recorded.</summary>
    public async Task OutboxDrainedAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await Store.CountPendingOutboxAsync(guard.Token) > 0)
            await Task.Delay(10, guard.Token);
    }

    public static ThreadReplyEvent Reply(string eventId, string threadId, string text) =>
        new(eventId, Channel, Alice, DateTimeOffset.UtcNow, threadId, "msg-" + eventId, text);

    public static CommandEvent Command(string eventId, string text) => new(eventId, Channel, Alice, DateTimeOffset.UtcNow, text);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var worker in _workers)
            await worker.StopAsync(CancellationToken.None);
        Gauges.Dispose();
        Store.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Links : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new($"http://127.0.0.1/reviews/{reviewId}", $"http://127.0.0.1/reviews/{reviewId}.md");
    }
}

/// <summary>A chat platform that records what the bot posts; every post lands at once.</summary>
internal sealed class RecordingChannelClient : IChannelClient
{
    public const string PlatformName = "fake";

    private int _ids;

    public sealed record Post(string? ThreadId, OutboundMessage Message, PostedMessage Posted);

    public ConcurrentQueue<Post> Posts { get; } = new();

    public string Platform => PlatformName;

    public PacingPolicy Pacing => PacingPolicy.Unlimited;

    public Task<PostedMessage?> FindPostedAsync(ChannelRef channel, string? threadId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<PostedMessage?>(null);

    public Task<string?> ResolveUserNameAsync(ChannelRef channel, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(userId);

    public Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var id = $"p{Interlocked.Increment(ref _ids)}";
        var posted = new PostedMessage(id, threadId ?? id, DateTimeOffset.UtcNow);
        Posts.Enqueue(new Post(threadId, message, posted));
        return Task.FromResult(posted);
    }

    public Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<string?> LinkToAsync(ChannelRef channel, PostedMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>($"https://fake.example/{message.MessageId}");

    /// <summary>Waits until at least <paramref name="count"/> posts arrived (a guard stops a hung pipeline, not a slow one).</summary>
    public async Task<IReadOnlyList<Post>> WaitForPostsAsync(int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Posts.Count < count)
            await Task.Delay(10, guard.Token);
        return [.. Posts];
    }
}

/// <summary>Keeps every line logged, formatted, with its exception.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Text, Exception? Exception)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception), exception));
}
