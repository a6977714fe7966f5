namespace DesignBot.Core.Messages;

/// <summary>
/// Where a queued message came from, stamped by the turn that queued it and stored with it, so a send on another
/// worker or host can still report on it: QueuedAt for the outbox's age, TraceParent (W3C) to join the inbound
/// event's trace, ReplyAt (the platform time of the thread reply it answers) for reply → next message latency.
/// </summary>
public sealed record MessageOrigin(DateTimeOffset QueuedAt)
{
    public string? TraceParent { get; init; }

    public DateTimeOffset? ReplyAt { get; init; }
}
