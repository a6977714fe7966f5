using System.Threading.Channels;
using DesignBot.Core.Diagnostics;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DesignBot.Pipeline;

/// <summary>Accepted events handed from the intake to the inbox worker in memory; the inbox table is what makes them durable.</summary>
public sealed class InboxQueue
{
    private readonly Channel<InboundEvent> _channel = Channel.CreateUnbounded<InboundEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(InboundEvent inbound) => _channel.Writer.TryWrite(inbound);

    public ChannelReader<InboundEvent> Reader => _channel.Reader;
}

/// <summary>
/// Processes accepted events: one turn each (load, decide, commit). Events of one thread go in arrival order;
/// different threads run in parallel, up to a fixed number at once. Events arrive in memory from the intake;
/// the inbox table is scanned at start (events accepted before a crash) and every few seconds as a safety net.
/// Committing an event twice applies it once, so an event seen both ways is harmless.
/// </summary>
public sealed class InboxWorker(IReviewStore store, TurnProcessor processor, InboxQueue queue, PipelineSignals signals, TimeProvider clock, ILogger<InboxWorker> logger) : BackgroundService
{
    private const int MaxInFlight = 16;

    /// <summary>How often a deferred event is tried again in place before its thread moves on and the inbox scan takes over.</summary>
    private const int DeferredRetries = 4;
    private static readonly TimeSpan s_deferredRetryPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_scanEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<InboundEvent>> _waitingByThread = [];
    private readonly HashSet<string> _known = [];
    // Events this worker finished lately: a scan that read the inbox before their commit still lists them, and
    // must not run them again (a failed turn would be reported twice). Bounded; older ones are long out of any scan.
    private readonly HashSet<string> _finished = [];
    private readonly Queue<string> _finishedOrder = new();
    private const int FinishedKept = 10_000;
    private readonly HashSet<Task> _running = [];
    private readonly SemaphoreSlim _slots = new(MaxInFlight);

    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        // Events accepted from now on arrive through the queue; scanning them too would run their turns twice
        // (harmless to the review, since a second commit applies nothing, but a failed turn would be reported twice).
        var recovered = await ScanAsync(olderThan: clock.GetUtcNow(), stoppingToken);
        if (recovered > 0)
            Log.InboxRecovered(logger, recovered);
        var scanning = ScanPeriodicallyAsync(stoppingToken);
        try
        {
            await foreach (var inbound in queue.Reader.ReadAllAsync(stoppingToken))
                Enqueue(inbound);
        }
        catch (OperationCanceledException)
        {
        }
        await scanning;
        // Shutdown: turns in flight finish and commit; events not started stay in the inbox for the next start.
        Task[] running;
        lock (_lock)
            running = [.. _running];
        await Task.WhenAll(running);
    }

    private async Task ScanPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_scanEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ScanAsync(olderThan: clock.GetUtcNow() - s_scanEvery, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The safety net must outlive a bad moment of the store: try again next tick.
                    Log.InboxScanFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Queues unprocessed events from the inbox table that were accepted before a cut-off.</summary>
    private async Task<int> ScanAsync(DateTimeOffset olderThan, CancellationToken stoppingToken)
    {
        var pending = await store.PendingInboxAsync(10_000, stoppingToken);
        var queued = 0;
        foreach (var item in pending.Where(i => i.ReceivedAt < olderThan))
            queued += Enqueue(item.Event) ? 1 : 0;
        return queued;
    }

    /// <summary>Starts the event now if its thread is idle, else queues it behind the thread's running event.</summary>
    private bool Enqueue(InboundEvent inbound)
    {
        var key = OrderingKey(inbound);
        lock (_lock)
        {
            if (_finished.Contains(inbound.EventId) || !_known.Add(inbound.EventId))
                return false;
            if (_waitingByThread.TryGetValue(key, out var waiting))
            {
                waiting.Enqueue(inbound);
                return true;
            }
            _waitingByThread[key] = new Queue<InboundEvent>();
            var task = Task.Run(() => RunThreadAsync(key, inbound));
            _running.Add(task);
            task.ContinueWith(t =>
            {
                lock (_lock)
                    _running.Remove(t);
            }, TaskScheduler.Default);
            return true;
        }
    }

    // Processes a thread's events one after another until its queue is empty.
    private async Task RunThreadAsync(string key, InboundEvent first)
    {
        InboundEvent? next = first;
        // On shutdown the running turn finishes; the thread's later events stay in the inbox for the next start.
        while (next is not null && (next == first || !_stopping.IsCancellationRequested))
        {
            await _slots.WaitAsync();
            var done = false;
            try
            {
                // A store's bad moment holds the thread and tries the same event again, a little later each time:
                // the events behind it (an edit or deletion of this very reply) must not overtake it.
                done = await ProcessAsync(next);
                for (var retry = 1; !done && retry <= DeferredRetries && !_stopping.IsCancellationRequested; retry++)
                {
                    await Task.Delay(s_deferredRetryPause * retry, clock, CancellationToken.None);
                    done = await ProcessAsync(next);
                }
            }
            finally
            {
                _slots.Release();
                // Whatever happened, the thread moves on to its next event.
                lock (_lock)
                {
                    _known.Remove(next.EventId);
                    if (done)
                        RememberFinished(next.EventId);
                    if (!_waitingByThread[key].TryDequeue(out next))
                        _waitingByThread.Remove(key);
                }
            }
        }
    }

    private void RememberFinished(string eventId)
    {
        if (!_finished.Add(eventId))
            return;
        _finishedOrder.Enqueue(eventId);
        if (_finishedOrder.Count > FinishedKept)
            _finished.Remove(_finishedOrder.Dequeue());
    }

    /// <summary>Runs the event's turn; true when the event is done with (committed, or its failure reported), false when it stays in the inbox.</summary>
    private async Task<bool> ProcessAsync(InboundEvent inbound)
    {
        try
        {
            // In-flight work finishes even when shutdown starts: no stopping token here.
            var decision = await processor.ProcessAsync(inbound, CancellationToken.None);
            Log.TurnCommitted(logger, inbound.EventId, decision.Messages.Count);
            DesignBotTelemetry.TurnDone("committed");
            foreach (var partition in decision.Messages.Select(m => decision.ReviewId ?? OutboxItem.ChannelPartition(m.Channel)).Distinct())
                signals.MessagesQueued(partition);
            return true;
        }
        catch (Exception ex) when (IsStorageTrouble(ex))
        {
            // The store had a bad moment (busy, unreachable): the event stays in the inbox and the next scan retries it.
            Log.TurnDeferred(logger, ex, inbound.EventId);
            DesignBotTelemetry.TurnDone("deferred");
            return false;
        }
        catch (Exception ex)
        {
            // A turn that cannot be decided (a bug, or conflicts that never settle) must not block its thread forever,
            // nor vanish: mark the event processed and tell its author, with an error id the log line carries too.
            var errorId = TurnFailureNotice.NewErrorId();
            Log.TurnFailed(logger, ex, inbound.EventId, errorId);
            DesignBotTelemetry.TurnDone("failed");
            var notice = DesignBotTelemetry.Stamp(TurnFailureNotice.For(inbound, errorId), inbound, clock.GetUtcNow(), inbound.TraceParent);
            try
            {
                await store.CommitAsync(new TurnCommit(notice, null, inbound.EventId), CancellationToken.None);
                signals.MessagesQueued(OutboxItem.ChannelPartition(inbound.Channel));
                return true;
            }
            catch (Exception markFailed)
            {
                // Not marked: the event stays in the inbox and the next scan tries it again.
                Log.TurnDeferred(logger, markFailed, inbound.EventId);
                return false;
            }
        }
    }

    private static bool IsStorageTrouble(Exception ex) => ex is TransientStoreException;

    /// <summary>Events of the same thread (or the same channel, for commands) are processed in arrival order.</summary>
    private static string OrderingKey(InboundEvent inbound) =>
        inbound.ThreadOf() is { } thread ? $"{inbound.Channel.Key}/{thread}" : inbound.Channel.Key;
}
