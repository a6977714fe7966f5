using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using DesignBot.Host.Hosting;

namespace DesignBot.Host.Pipeline;

/// <summary>Runs the outbox dispatcher: sends as soon as messages are queued, and retries when they fall due.</summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, IReviewStore store, PipelineSignals signals, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Claims this instance held when it last stopped (a crash) are ours to finish now, not in 30 seconds.
        await store.ReleaseLeasesAsync(dispatcher.Owner, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<DispatchResult> results;
            try
            {
                // A batch in flight completes on shutdown, so a sent message is always recorded as sent.
                results = await dispatcher.DispatchOnceAsync(64, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Log.DispatchFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            foreach (var r in results.Where(r => r.Outcome != DispatchOutcome.Sent))
                Log.DispatchProblem(logger, r.Item.Message.Key, r.Item.Partition, r.Outcome.ToString(), r.Error);
            if (results.Count == 0)
                await InboxWorker.WaitQuietlyAsync(signals.Outbox, stoppingToken);
        }
    }
}
