using System.Diagnostics;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Pipeline;

/// <summary>
/// Runs the outbox dispatcher continuously, up to a fixed number of queues followed at once: it claims the heads of
/// the queues a turn just filled (hints from the inbox worker), follows each review's queue as every send hands over
/// the next message, and once a second searches every queue (retries falling due, other hosts, a crash's leftovers).
/// A hint for a queue already being followed is only noted: its follower claims once more before it stops. So a busy
/// review costs no claims of its own, and a new review's first message never waits behind a backlog of such hints.
/// With <see cref="PipelineOptions.HoldOutbox"/> it sends nothing.
/// </summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, IReviewStore store, PipelineSignals signals, IOptions<PipelineOptions> options, ILogger<OutboxWorker> logger) : BackgroundService
{
    private const int MaxInFlight = 32;
    private readonly HashSet<Task> _inFlight = [];

    // The queues this worker follows, each with whether a turn queued more there since its follower last claimed.
    private readonly Dictionary<string, bool> _followed = [];

    /// <summary>How often every queue is searched: for retries falling due, other hosts' messages, a crash's leftovers.</summary>
    public TimeSpan FullSearchEvery { get; init; } = DefaultFullSearchEvery;

    public static readonly TimeSpan DefaultFullSearchEvery = TimeSpan.FromSeconds(1);

    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (options.Value.HoldOutbox)
        {
            Log.OutboxHeld(logger);
            return;
        }
        // Claims this instance held when it last stopped (a crash) are ours to finish now, not in 30 seconds.
        await store.ReleaseLeasesAsync(dispatcher.Owner, stoppingToken);
        long lastFullClaim = 0; // a timestamp long past: the first loop searches every queue
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Where a turn just queued messages: follow those queues (their claims run side by side, so they share a commit).
                while (InFlightCount() < MaxInFlight && signals.TryTakeQueued(out var partition))
                {
                    if (StartFollowing(partition))
                        Track(FollowAsync(partition, claimed: null, registered: true));
                }
                if (Stopwatch.GetElapsedTime(lastFullClaim) >= FullSearchEvery && InFlightCount() < MaxInFlight)
                {
                    lastFullClaim = Stopwatch.GetTimestamp();
                    foreach (var item in await dispatcher.ClaimAsync(MaxInFlight - InFlightCount(), stoppingToken))
                        Track(FollowAsync(item.Partition, item, registered: StartFollowing(item.Partition)));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.DispatchFailed(logger, ex);
            }
            if (!signals.HasQueued || InFlightCount() >= MaxInFlight)
                await signals.Outbox.WaitQuietlyAsync(stoppingToken);
        }
        // Shutdown: messages being sent finish and are recorded as sent.
        Task[] remaining;
        lock (_inFlight)
            remaining = [.. _inFlight];
        await Task.WhenAll(remaining);
    }

    /// <summary>True when nobody here follows the queue yet (the caller starts its follower); else notes the hint for its follower.</summary>
    private bool StartFollowing(string partition)
    {
        lock (_followed)
        {
            if (_followed.ContainsKey(partition))
            {
                _followed[partition] = true;
                return false;
            }
            _followed[partition] = false;
            return true;
        }
    }

    /// <summary>Whether a hint came while the follower sent (it claims once more); else the queue is no longer followed.</summary>
    private bool HintedMeanwhile(string partition)
    {
        lock (_followed)
        {
            if (_followed[partition])
            {
                _followed[partition] = false;
                return true;
            }
            _followed.Remove(partition);
            return false;
        }
    }

    // Sends the queue's messages one after another: each sent message hands back the next one, already claimed.
    // A send in flight completes even when shutdown starts, so a posted message is always recorded. On shutdown a
    // handed-over next message stays leased to this instance, which releases it when it starts again (or another host
    // takes it when the lease runs out).
    private async Task FollowAsync(string partition, OutboxItem? claimed, bool registered)
    {
        try
        {
            var next = claimed ?? await dispatcher.ClaimPartitionAsync(partition, _stopping);
            while (true)
            {
                for (var first = true; next is not null && (first || !_stopping.IsCancellationRequested); first = false)
                {
                    var result = await dispatcher.SendAsync(next, CancellationToken.None);
                    if (result.Outcome is not (DispatchOutcome.Sent or DispatchOutcome.Paced))
                        Log.DispatchProblem(logger, result.Item.Message.Key, result.Item.Partition, result.Outcome.ToString(), result.Error);
                    next = result.Next;
                }
                if (!registered || _stopping.IsCancellationRequested)
                    break;
                if (!HintedMeanwhile(partition))
                {
                    registered = false;
                    break;
                }
                next = await dispatcher.ClaimPartitionAsync(partition, _stopping);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.DispatchFailed(logger, ex);
        }
        finally
        {
            if (registered)
            {
                lock (_followed)
                    _followed.Remove(partition);
            }
            signals.Outbox.Set();
        }
    }

    private void Track(Task task)
    {
        lock (_inFlight)
            _inFlight.Add(task);
        task.ContinueWith(t =>
        {
            lock (_inFlight)
                _inFlight.Remove(t);
        }, TaskScheduler.Default);
    }

    private int InFlightCount()
    {
        lock (_inFlight)
            return _inFlight.Count;
    }
}
