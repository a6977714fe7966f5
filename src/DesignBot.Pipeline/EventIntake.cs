using DesignBot.Core.Diagnostics;
using DesignBot.Core.Events;
using DesignBot.Core.Storage;

namespace DesignBot.Pipeline;

/// <summary>
/// Where every channel adapter hands over an inbound event: it is stored in the inbox (deduped by event id)
/// before the platform gets its ack, then the inbox worker takes it from there.
/// </summary>
public sealed class EventIntake(IReviewStore store, InboxQueue queue, TimeProvider clock)
{
    /// <summary>False when the event id was seen before (a platform retry): acknowledge it and do nothing.</summary>
    public async Task<bool> AcceptAsync(InboundEvent inbound, CancellationToken cancellationToken = default)
    {
        // The event's trace starts here (under the adapter's request, when it has one) and is stored with the event,
        // so the turn joins it whichever worker or host runs it.
        using var intake = DesignBotTelemetry.StartIntake(inbound);
        if ((intake ?? System.Diagnostics.Activity.Current)?.Id is { } traceParent)
            inbound = inbound with { TraceParent = traceParent };
        var accepted = await store.AcceptAsync(inbound, clock.GetUtcNow(), cancellationToken);
        DesignBotTelemetry.EventAccepted(intake, accepted);
        if (accepted)
            queue.Add(inbound);
        return accepted;
    }
}
