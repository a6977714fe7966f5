using System.Text.Json.Serialization;

namespace DesignBot.Core.Events;

/// <summary>
/// A channel on some platform ("slack", "teams", "playground"); the adapter chooses an id unique on that platform.
/// <para>
/// Address is the adapter's own: whatever it needs to post into this channel (and update messages there) after a
/// restart, on any host — Teams: service URL, tenant, team and channel ids; Slack: team and channel ids. The core
/// stores it with the review and hands it back on every send, and never reads it. Two refs with the same Platform and
/// Id are the same channel whatever their addresses say (a Teams service URL may change between events).
/// </para>
/// </summary>
public sealed record ChannelRef(string Platform, string Id)
{
    public string? Address { get; init; }

    public string Key => $"{Platform}:{Id}";

    public bool Equals(ChannelRef? other) => other is not null && Platform == other.Platform && Id == other.Id;

    public override int GetHashCode() => HashCode.Combine(Platform, Id);
}

/// <summary>
/// A member. Name may be empty when the platform's event carries none (Slack events carry only user ids): the pipeline
/// resolves it after the ack through <see cref="Turns.IChannelClient.ResolveUserNameAsync"/>, cached per platform user.
/// </summary>
public sealed record UserRef(string Id, string Name)
{
    /// <summary>What cards and documents show: the name, or the id while no name is known.</summary>
    public string Display => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}

/// <summary>
/// What a channel adapter makes of a platform payload. Channel-neutral: the core never sees Slack or Teams JSON.
/// EventId is the platform's id for the delivery (Slack event_id, Teams activity id) and dedupes retries.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CommandEvent), "command")]
[JsonDerivedType(typeof(ThreadReplyEvent), "reply")]
[JsonDerivedType(typeof(ReplyEditedEvent), "edit")]
[JsonDerivedType(typeof(ReplyDeletedEvent), "delete")]
[JsonDerivedType(typeof(ButtonPressedEvent), "button")]
[JsonDerivedType(typeof(WakeEvent), "wake")]
public abstract record InboundEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At)
{
    /// <summary>W3C traceparent of the intake that accepted it, set by the intake and stored with the event: its turn joins that trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Platform user ids mentioned in the event's text whose names the adapter did not know when it mapped the payload
    /// (before the ack, it may not ask): the text reads "@{id}" for each, and the pipeline puts the name in after the
    /// ack, through <see cref="Turns.UserNames"/>, as it does for the event's own user.
    /// </summary>
    /// <remarks>Null when there are none (the usual case), so events compare equal after a round trip through a store.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UnnamedMentions { get; init; }
}

/// <summary>A channel command, with the platform's prefix (`/design`, the bot mention) already stripped: "start URL shortener".</summary>
public sealed record CommandEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string Text)
    : InboundEvent(EventId, Channel, User, At)
{
    /// <summary>
    /// The platform message the command was typed as, when it is one (an @mention, a playground message; a Slack slash
    /// command has none): replies in its thread reach the review it started.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>The thread the command was typed in, when it was typed in one: there a command without a title means that thread's review.</summary>
    public string? ThreadId { get; init; }
}

/// <summary>
/// A message in a thread; At is its platform timestamp, which decides the question it answers. Text is plain text as the
/// member meant it, platform markup decoded by the adapter; a mention of a person reads "@Name".
/// </summary>
public sealed record ThreadReplyEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string ThreadId, string MessageId, string Text)
    : InboundEvent(EventId, Channel, User, At);

/// <summary>A thread message was edited; SentAt is when the original was sent.</summary>
public sealed record ReplyEditedEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string ThreadId, string MessageId, string Text, DateTimeOffset SentAt)
    : InboundEvent(EventId, Channel, User, At);

public sealed record ReplyDeletedEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string ThreadId, string MessageId)
    : InboundEvent(EventId, Channel, User, At);

/// <summary>A button on one of the bot's messages was pressed; ActionId and Value are what the neutral button carried.</summary>
public static class InboundEventExtensions
{
    /// <summary>The platform thread the event happened in; null for channel commands (and a button outside a thread).</summary>
    public static string? ThreadOf(this InboundEvent inbound) => inbound switch
    {
        ThreadReplyEvent r => r.ThreadId,
        ReplyEditedEvent e => e.ThreadId,
        ReplyDeletedEvent d => d.ThreadId,
        ButtonPressedEvent b => b.ThreadId,
        CommandEvent c => c.ThreadId,
        _ => null,
    };
}

public sealed record ButtonPressedEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string? ThreadId, string MessageId, string ActionId, string Value)
    : InboundEvent(EventId, Channel, User, At);

/// <summary>
/// A review's wake-up came due (<see cref="Reviews.ReviewState.NextWakeAt"/>): not typed by anyone, fed into the inbox
/// by the pipeline's wake worker when the store says the time has come. Its id names the review and the wake time, so two
/// hosts (or a restart) feeding the same wake-up store it once, and the inbox's applied-event check applies it once.
/// At is the wake time it was scheduled for; the turn decides on the clock's now, which may be later (after an outage).
/// </summary>
public sealed record WakeEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string ReviewId)
    : InboundEvent(EventId, Channel, User, At)
{
    /// <summary>Who a wake-up is "from": nobody typed it.</summary>
    public static UserRef Scheduler { get; } = new("designbot:scheduler", "DesignBot");

    public static WakeEvent For(string reviewId, ChannelRef channel, DateTimeOffset wakeAt) =>
        new($"wake:{reviewId}:{wakeAt.UtcTicks}", channel, Scheduler, wakeAt, reviewId);
}
