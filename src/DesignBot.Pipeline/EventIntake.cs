using DesignBot.Core.Diagnostics;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Pipeline;

/// <summary>
/// Where every channel adapter hands over an inbound event: it is stored in the inbox (deduped by event id)
/// before the platform gets its ack, then the inbox worker takes it from there.
/// </summary>
public sealed class EventIntake(IReviewStore store, InboxQueue queue, TimeProvider clock)
{
    /// <summary>
    /// Stores the event and says whether it was new (Duplicate: a platform retry — acknowledge it and do nothing more).
    /// Either way the result may carry a small immediate response for platforms that answer in the HTTP response itself
    /// (a Teams invoke for <c>Action.Execute</c>, a Slack slash command's ephemeral line); the real messages follow
    /// through the outbox as usual, so adapters whose platform wants no such answer ignore it.
    /// </summary>
    public async Task<IntakeResult> AcceptAsync(InboundEvent inbound, CancellationToken cancellationToken = default)
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
        return new IntakeResult(accepted ? IntakeOutcome.Accepted : IntakeOutcome.Duplicate, ReviewEngine.Acknowledge(inbound));
    }
}

public enum IntakeOutcome { Accepted, Duplicate }

/// <summary>What the intake did with an event, and what the adapter may answer at once (null: nothing to say yet).</summary>
public sealed record IntakeResult(IntakeOutcome Outcome, NeutralMessage? ImmediateResponse)
{
    public bool Accepted => Outcome == IntakeOutcome.Accepted;
}
