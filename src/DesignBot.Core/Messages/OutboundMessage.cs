using DesignBot.Core.Events;

namespace DesignBot.Core.Messages;

/// <summary>
/// A message the core wants shown. Key is unique within its review (or channel) and names the message
/// for later references: replies go into the thread of ThreadRootKey, ReplacesKey updates a message in place.
/// The dispatcher resolves keys to platform ids as messages get posted, in order.
/// </summary>
public sealed record OutboundMessage(string Key, ChannelRef Channel, NeutralMessage Body)
{
    /// <summary>Reply in the thread of this earlier message (by key).</summary>
    public string? ThreadRootKey { get; init; }

    /// <summary>Reply in this platform thread directly (for answers to messages that carry no key, e.g. a stray thread).</summary>
    public string? ThreadId { get; init; }

    /// <summary>Update the earlier message with this key in place instead of posting a new one.</summary>
    public string? ReplacesKey { get; init; }

    /// <summary>When posted, this message's thread becomes the thread of this step (the thread index).</summary>
    public string? OpensThreadForStep { get; init; }

    /// <summary>Only this user should see it, where the platform allows (Slack ephemeral); elsewhere it is posted normally.</summary>
    public string? VisibleTo { get; init; }

    /// <summary>
    /// Not to be sent before this time (the settle pause before the next question). Stores queue it not due until then;
    /// messages after it in its partition wait too, so a review's messages still go out in order.
    /// </summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Set by the turn processor as it queues the message (trace context, queue time); see <see cref="MessageOrigin"/>.</summary>
    public MessageOrigin? Origin { get; init; }
}
