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
        var accepted = await store.AcceptAsync(inbound, clock.GetUtcNow(), cancellationToken);
        if (accepted)
            queue.Add(inbound);
        return accepted;
    }
}
