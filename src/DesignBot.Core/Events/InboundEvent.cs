using System.Text.Json.Serialization;

namespace DesignBot.Core.Events;

/// <summary>A channel on some platform ("slack", "teams", "playground"); the adapter chooses an id unique on that platform.</summary>
public sealed record ChannelRef(string Platform, string Id)
{
    public string Key => $"{Platform}:{Id}";
}

public sealed record UserRef(string Id, string Name);

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
public abstract record InboundEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At)
{
    /// <summary>W3C traceparent of the intake that accepted it, set by the intake and stored with the event: its turn joins that trace.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>A channel command, with the platform's prefix (`/design`, the bot mention) already stripped: "start URL shortener".</summary>
public sealed record CommandEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string Text)
    : InboundEvent(EventId, Channel, User, At);

/// <summary>A message in a thread; At is its platform timestamp, which decides the question it answers.</summary>
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
        _ => null,
    };
}

public sealed record ButtonPressedEvent(string EventId, ChannelRef Channel, UserRef User, DateTimeOffset At, string? ThreadId, string MessageId, string ActionId, string Value)
    : InboundEvent(EventId, Channel, User, At);
