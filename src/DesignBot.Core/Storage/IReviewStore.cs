using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Storage;

/// <summary>
/// The one storage contract (SQLite, Azure Table Storage). A turn — answers, the waterfall's move and the
/// messages it causes — commits atomically against the review's version; a stale version throws
/// <see cref="ConcurrencyConflictException"/> and nothing is written.
/// </summary>
public interface IReviewStore
{
    /// <summary>Creates tables if needed. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks that the store answers (for /healthz).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    // ---- inbox: every accepted event is stored before the platform gets its ack ----

    /// <summary>Stores an inbound event; false when its event id was seen before (a platform retry).</summary>
    Task<bool> AcceptAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Accepted events not yet processed, oldest first.</summary>
    Task<IReadOnlyList<InboxItem>> PendingInboxAsync(int max, CancellationToken cancellationToken = default);

    // ---- reviews ----

    Task<ReviewSnapshot?> GetReviewAsync(string reviewId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReviewListing>> ListReviewsAsync(ChannelRef channel, CancellationToken cancellationToken = default);

    /// <summary>The review step whose thread this is, if it is one of ours.</summary>
    Task<ThreadLink?> FindThreadAsync(ChannelRef channel, string threadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits one turn atomically: the review's new state (checked against ExpectedVersion), answers written
    /// and removed, outbound messages queued, and the inbox event marked processed. The state's Posted map is
    /// not written: where messages landed is recorded only by <see cref="CompleteOutboxAsync"/>.
    /// Committing for an inbox event that was already applied writes nothing and returns normally, so an
    /// event is never applied twice, whichever worker or host processed it first.
    /// </summary>
    Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default);

    // ---- outbox: messages leave in order per review (or channel), claimed under a lease ----

    /// <summary>Claims, for up to <paramref name="max"/> partitions, the oldest unsent message that is due and not leased.</summary>
    Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the oldest unsent message of one partition (a review, or a channel's replies) when it is due and not
    /// leased; null otherwise. Cheaper than a full claim when the caller knows where messages were just queued.
    /// </summary>
    Task<OutboxItem?> ClaimPartitionHeadAsync(string partition, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Where an earlier message of the review landed, by key; null when it has not been posted.</summary>
    Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a claimed message sent and records where it landed (message id, thread, platform timestamp) in the
    /// review, indexing its thread when it opens a step. Throws <see cref="LeaseLostException"/> if the claim expired and another host took it.
    /// </summary>
    Task CompleteOutboxAsync(OutboxItem item, PostedMessage? posted, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a claimed message (as <see cref="CompleteOutboxAsync"/>) and claims the same review's next message
    /// for the same owner when it is due, so a review's messages flow without a separate claim. Stores that cannot
    /// do both in one step may keep this default, which returns null (the next message is then claimed as usual).
    /// </summary>
    async Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await CompleteOutboxAsync(item, posted, cancellationToken);
        return null;
    }

    /// <summary>Gives a claimed message back to be tried again not before <paramref name="notBefore"/>.</summary>
    Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops this owner's leases on unsent messages: a host restarting under the same instance id (after a crash)
    /// takes back its unfinished claims at once instead of waiting for them to expire.
    /// </summary>
    Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Messages not yet sent (all partitions), for health and tests.</summary>
    Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// When the longest-waiting unsent message was queued (its <see cref="OutboundMessage.Origin"/>), for the outbox age
    /// gauge; null when nothing unsent carries a queue time.
    /// </summary>
    Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default);
}

public sealed record InboxItem(InboundEvent Event, DateTimeOffset ReceivedAt);

public sealed record ThreadLink(string ReviewId, string StepId);

/// <summary>One turn to commit. ExpectedVersion is the version the decision was made on (null for a new review).</summary>
public sealed record TurnCommit(Decision Decision, string? ExpectedVersion, string? InboxEventId);

/// <summary>
/// A queued message. Partition is the review id, or "channel:{key}" for replies that concern no review;
/// Sequence orders messages within it. Attempts counts failed sends.
/// </summary>
public sealed record OutboxItem(string Partition, long Sequence, string? ReviewId, OutboundMessage Message, int Attempts, string? LeaseOwner, DateTimeOffset? LeaseUntil)
{
    public string IdempotencyKey => $"{Partition}/{Message.Key}";

    public static string ChannelPartition(ChannelRef channel) => $"channel:{channel.Key}";
}

/// <summary>The one typed conflict: somebody else changed the review (or took the row) first. Reload and decide again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>A claimed outbox message whose lease expired and was taken by another host.</summary>
public sealed class LeaseLostException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The store had a bad moment (busy, throttled, unreachable, timed out): the same call may succeed later. Stores raise it
/// (with the SDK's exception inside) so the pipeline can defer work without knowing any storage SDK. Authorization and
/// configuration errors are never transient: they surface as they are.
/// </summary>
public sealed class TransientStoreException(string message, Exception? innerException = null) : Exception(message, innerException);
