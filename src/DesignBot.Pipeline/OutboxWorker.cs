using System.Diagnostics;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Pipeline;

/// <summary>
/// Runs the outbox dispatcher continuously, up to a fixed number of sends in flight: it claims the heads of the
/// queues a turn just filled (hints from the inbox worker), follows each review's queue as every send hands over
/// the next message, and once a second searches every queue (retries falling due, other hosts, a crash's leftovers).
/// With <see cref="PipelineOptions.HoldOutbox"/> it sends nothing.
/// </summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, IReviewStore store, PipelineSignals signals, IOptions<PipelineOptions> options, ILogger<OutboxWorker> logger) : BackgroundService
{
    private const int MaxInFlight = 32;
    private readonly HashSet<Task> _inFlight = [];

    /// <summary>How often every queue is searched: for retries falling due, other hosts' messages, a crash's leftovers.</summary>
    private static readonly TimeSpan s_fullClaimEvery = TimeSpan.FromSeconds(1);

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
                // Where a turn just queued messages: claim those queues' heads directly.
                while (InFlightCount() < MaxInFlight && signals.TryTakeQueued(out var partition))
                {
                    if (await dispatcher.ClaimPartitionAsync(partition, stoppingToken) is { } item)
                        Track(SendAsync(item));
                }
                if (Stopwatch.GetElapsedTime(lastFullClaim) >= s_fullClaimEvery && InFlightCount() < MaxInFlight)
                {
                    lastFullClaim = Stopwatch.GetTimestamp();
                    foreach (var item in await dispatcher.ClaimAsync(MaxInFlight - InFlightCount(), stoppingToken))
                        Track(SendAsync(item));
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

    // A send in flight completes even when shutdown starts, so a posted message is always recorded.
    private async Task SendAsync(OutboxItem item)
    {
        try
        {
            // Follow the review's queue: each sent message hands back the next one, already claimed.
            // On shutdown the current send finishes; a handed-over next message stays leased to this instance,
            // which releases it when it starts again (or another host takes it when the lease runs out).
            for (OutboxItem? next = item; next is not null && (next == item || !_stopping.IsCancellationRequested);)
            {
                var result = await dispatcher.SendAsync(next, CancellationToken.None);
                if (result.Outcome is not (DispatchOutcome.Sent or DispatchOutcome.Paced))
                    Log.DispatchProblem(logger, result.Item.Message.Key, result.Item.Partition, result.Outcome.ToString(), result.Error);
                next = result.Next;
            }
        }
        catch (Exception ex)
        {
            Log.DispatchFailed(logger, ex);
        }
        finally
        {
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
