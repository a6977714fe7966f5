using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Turns;

/// <summary>
/// Posts neutral messages to one platform (rendering them to its format, within its limits). Implemented by each
/// channel adapter. Throw <see cref="ChannelSendException"/> when the platform answered with an error (so the message was
/// not posted); Transient ones are retried, honouring RetryAfter. A post may take hundreds of milliseconds and may time
/// out: a send cut off by <c>OutboxDispatcher.SendTimeout</c>, or failing with any other exception (a broken connection),
/// has an unknown outcome, and the dispatcher looks for it (see <see cref="FindPostedAsync"/>) before posting it again.
/// </summary>
public interface IChannelClient
{
    /// <summary>The platform name in <see cref="ChannelRef.Platform"/> this client serves.</summary>
    string Platform { get; }

    /// <summary>How fast the platform lets this bot post; the outbox paces its sends by it.</summary>
    PacingPolicy Pacing { get; }

    /// <summary>
    /// Posts a message, in a thread when threadId is set, and returns where it landed (with the platform's timestamp,
    /// see <see cref="PostedMessage.PostedAt"/>, and the adapter's own address for later updates). The idempotency key
    /// is unique per queued message: carry it with the post where the platform allows (Slack message metadata, the
    /// playground's key), so <see cref="FindPostedAsync"/> can find it.
    /// </summary>
    Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Replaces an earlier message in place. Updates are idempotent: sending the same update twice is harmless.</summary>
    Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called before a post is sent again whose earlier attempt had an unknown outcome (it timed out, or a crash cut
    /// it off): it may have been posted. Return where it landed when the platform shows a message carrying this
    /// idempotency key; return null when it was surely not posted, or when the platform cannot tell — the dispatcher
    /// then posts again, so a client that cannot look should make a repeated post harmless where it can. Throw a
    /// transient <see cref="ChannelSendException"/> when the platform could not be asked right now.
    /// </summary>
    Task<PostedMessage?> FindPostedAsync(ChannelRef channel, string? threadId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The display name of a platform user, for events that carry only an id (Slack). Called after the ack; the pipeline
    /// caches the answer per user for the life of the host (a failed lookup is asked again on the user's next event, and
    /// two first events of one user at once may both ask); null when the platform does not know the user.
    /// </summary>
    Task<string?> ResolveUserNameAsync(ChannelRef channel, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A link that opens this posted message in the platform (its thread, for a thread root such as the review card), for
    /// a <see cref="Link"/> with a <see cref="Link.MessageKey"/>. Null when the platform cannot give one; the dispatcher then
    /// keeps the link's fallback URL, as it does when this throws: a missing link never stops a send.
    /// </summary>
    Task<string?> LinkToAsync(ChannelRef channel, PostedMessage message, CancellationToken cancellationToken = default);
}

/// <summary>
/// How fast a platform lets the bot post. A conversation is what the platform limits per place (Slack: a channel,
/// about one message a second with short bursts; Teams: a thread, 7 a second and 1800 an hour); an account is what it
/// limits across places (Teams: 50 a second per app per tenant). Each holds every window the platform sets (a send
/// waits until all of them allow it); <see cref="ConversationOf"/> and <see cref="AccountOf"/> name them for a send; no
/// rate means no limit of that kind.
/// </summary>
public sealed record PacingPolicy(IReadOnlyList<Rate> PerConversation, IReadOnlyList<Rate> PerAccount)
{
    /// <summary>One window per conversation and one per account (null: none).</summary>
    public PacingPolicy(Rate? perConversation, Rate? perAccount)
        : this(perConversation is { } conversation ? [conversation] : [], perAccount is { } account ? [account] : [])
    {
    }

    public static PacingPolicy Unlimited { get; } = new([], []);

    /// <summary>The conversation a send counts against; by default the channel, or its thread when replying in one.</summary>
    public Func<ChannelRef, string?, string> ConversationOf { get; init; } = (channel, threadId) => threadId is null ? channel.Key : $"{channel.Key}/{threadId}";

    /// <summary>The account a send counts against; by default the platform (one bot, one account).</summary>
    public Func<ChannelRef, string> AccountOf { get; init; } = channel => channel.Platform;
}

/// <summary>At most <see cref="Messages"/> sends in any window of <see cref="Per"/>.</summary>
public readonly record struct Rate(int Messages, TimeSpan Per);

public sealed class ChannelSendException(string message, bool transient, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool Transient { get; } = transient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
