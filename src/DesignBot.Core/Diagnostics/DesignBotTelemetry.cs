using System.Diagnostics;
using System.Diagnostics.Metrics;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;

namespace DesignBot.Core.Diagnostics;

/// <summary>
/// DesignBot's traces and metrics, through System.Diagnostics only (the host decides where they go). One trace per
/// inbound event: intake → turn → each send. The trace context travels with the event and with each queued message
/// (<see cref="InboundEvent.TraceParent"/>, <see cref="MessageOrigin.TraceParent"/>), so a turn or a send that runs
/// later, on another worker or host, still joins the event's trace.
/// </summary>
public static class DesignBotTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "DesignBot";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> s_events = Meter.CreateCounter<long>("designbot.events", "{event}", "Inbound events handed to the intake, by outcome (accepted, duplicate).");
    private static readonly Counter<long> s_turns = Meter.CreateCounter<long>("designbot.turns", "{turn}", "Turns run by the inbox worker, by outcome (committed, deferred, failed).");
    private static readonly Counter<long> s_conflicts = Meter.CreateCounter<long>("designbot.turn.conflicts", "{conflict}", "Turn commits that lost a version check and decided again.");
    private static readonly Counter<long> s_sends = Meter.CreateCounter<long>("designbot.sends", "{send}", "Outbox send attempts, by outcome (Sent, Retrying, GaveUp, LeaseLost; Paced: given back to wait for the rate limit).");
    private static readonly Histogram<double> s_replyToNext = Meter.CreateHistogram(
        "designbot.reply.next_message.duration", "s", "From a thread reply's platform time to the post of the first message it caused (the next question).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static Activity? StartIntake(InboundEvent inbound)
    {
        var activity = Source.StartActivity("designbot.intake", ActivityKind.Internal);
        return Tag(activity, inbound);
    }

    public static void EventAccepted(Activity? intake, bool accepted)
    {
        var outcome = accepted ? "accepted" : "duplicate";
        intake?.SetTag("designbot.event.outcome", outcome);
        s_events.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>The turn's span, a child of the event's intake (by the trace context the event carries).</summary>
    public static Activity? StartTurn(InboundEvent inbound) =>
        Tag(Source.StartActivity("designbot.turn", ActivityKind.Internal, ParentOf(inbound.TraceParent)), inbound);

    public static void TurnDone(string outcome) => s_turns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Conflict(Activity? turn)
    {
        turn?.AddEvent(new ActivityEvent("conflict"));
        s_conflicts.Add(1);
    }

    /// <summary>A send's span, a child of the turn that queued the message.</summary>
    public static Activity? StartSend(OutboxItem item)
    {
        var activity = Source.StartActivity("designbot.send", ActivityKind.Internal, ParentOf(item.Message.Origin?.TraceParent));
        activity?.SetTag("designbot.outbox.partition", item.Partition);
        activity?.SetTag("designbot.message.key", item.Message.Key);
        activity?.SetTag("designbot.message.attempts", item.Attempts);
        activity?.SetTag("designbot.platform", item.Message.Channel.Platform);
        return activity;
    }

    /// <summary>Counts the send by outcome; a sent first answer to a reply also records the reply → next message latency.</summary>
    public static void SendDone(Activity? send, OutboxItem item, DispatchOutcome outcome, string? error, DateTimeOffset now)
    {
        send?.SetTag("designbot.send.outcome", outcome.ToString());
        if (outcome is not (DispatchOutcome.Sent or DispatchOutcome.Paced))
            send?.SetStatus(ActivityStatusCode.Error, error);
        s_sends.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        if (outcome == DispatchOutcome.Sent && item.Message.Origin?.ReplyAt is { } replyAt)
            s_replyToNext.Record(Math.Max(0, (now - replyAt).TotalSeconds));
    }

    /// <summary>
    /// Gives each message of a decision its origin: the trace context to send it under, when it was queued, and for
    /// the first post a thread reply causes (the next question, or a re-prompt), the reply's platform time.
    /// </summary>
    public static Decision Stamp(Decision decision, InboundEvent inbound, DateTimeOffset now, string? traceParent)
    {
        if (decision.Messages.Count == 0)
            return decision;
        var firstPost = inbound is ThreadReplyEvent ? decision.Messages.FirstOrDefault(m => m.ReplacesKey is null) : null;
        var stamped = decision.Messages
            .Select(m => m with { Origin = new MessageOrigin(now) { TraceParent = traceParent, ReplyAt = ReferenceEquals(m, firstPost) ? inbound.At : null } })
            .ToList();
        return decision with { Messages = stamped };
    }

    private static ActivityContext ParentOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent) ? parent : default;

    private static Activity? Tag(Activity? activity, InboundEvent inbound)
    {
        activity?.SetTag("designbot.event.id", inbound.EventId);
        activity?.SetTag("designbot.event.type", inbound.GetType().Name);
        activity?.SetTag("designbot.platform", inbound.Channel.Platform);
        return activity;
    }
}
