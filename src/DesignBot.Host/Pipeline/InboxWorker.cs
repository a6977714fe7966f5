using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using DesignBot.Host.Hosting;

namespace DesignBot.Host.Pipeline;

/// <summary>
/// Processes accepted events: one turn each (load, decide, commit). Events of one thread go in order;
/// different threads in parallel. Events accepted before a crash are picked up on the next start.
/// </summary>
public sealed class InboxWorker(IReviewStore store, TurnProcessor processor, PipelineSignals signals, ILogger<InboxWorker> logger) : BackgroundService
{
    private const int BatchSize = 256;
    private static readonly TimeSpan s_idleWait = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pending = await store.PendingInboxAsync(BatchSize, stoppingToken);
            if (first && pending.Count > 0)
                Log.InboxRecovered(logger, pending.Count);
            first = false;
            if (pending.Count == 0)
            {
                await WaitQuietlyAsync(signals.Inbox, stoppingToken);
                continue;
            }
            // In-flight work finishes even when shutdown starts: the batch runs without the stopping token.
            var byThread = pending.GroupBy(item => OrderingKey(item.Event));
            await Parallel.ForEachAsync(byThread, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (group, _) =>
            {
                foreach (var item in group)
                    await ProcessAsync(item.Event);
            });
        }
    }

    private async Task ProcessAsync(InboundEvent inbound)
    {
        try
        {
            var decision = await processor.ProcessAsync(inbound, CancellationToken.None);
            Log.TurnCommitted(logger, inbound.EventId, decision.Messages.Count);
            if (decision.Messages.Count > 0)
                signals.Outbox.Set();
        }
        catch (Exception ex)
        {
            // A turn that cannot be decided (a bug, or conflicts that never settle) must not block the inbox forever:
            // log it and mark the event processed so the events behind it go on.
            Log.TurnFailed(logger, ex, inbound.EventId);
            await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([]), null, inbound.EventId), CancellationToken.None);
        }
    }

    /// <summary>Events of the same thread (or the same channel, for commands) are processed in arrival order.</summary>
    private static string OrderingKey(InboundEvent inbound) => inbound switch
    {
        ThreadReplyEvent r => $"{inbound.Channel.Key}/{r.ThreadId}",
        ReplyEditedEvent e => $"{inbound.Channel.Key}/{e.ThreadId}",
        ReplyDeletedEvent d => $"{inbound.Channel.Key}/{d.ThreadId}",
        ButtonPressedEvent b => $"{inbound.Channel.Key}/{b.ThreadId}",
        _ => inbound.Channel.Key,
    };

    internal static async Task WaitQuietlyAsync(WorkSignal signal, CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(s_idleWait, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
