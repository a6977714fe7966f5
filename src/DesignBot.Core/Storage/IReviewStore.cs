using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Storage;

/// <summary>
/// The one storage contract (SQLite, Azure Table Storage; a third store needs nothing but this contract and its suite,
/// tests/DesignBot.Storage.Contract). A turn — answers, the waterfall's move and the messages it causes — commits
/// atomically against the review's version; a stale version throws <see cref="ConcurrencyConflictException"/> and
/// nothing is written. The rules every store applies the same way (argument checks, answer order, timestamp text,
/// what a claim may take, which queued updates a turn collapses) live once, in <see cref="StoreRules"/>.
/// <para>
/// Failures: a conflict (a stale version, a row taken meanwhile) is <see cref="ConcurrencyConflictException"/>; a bad
/// moment of the store (busy, throttled, unreachable, timed out) is <see cref="TransientStoreException"/>, both with the
/// SDK's exception inside. Everything else — authorization, a missing table, a bad connection string — surfaces as it
/// is and is never swallowed, not even by best-effort writes.
/// </para>
/// <para>
/// Addresses (<see cref="ChannelRef.Address"/>, <see cref="PostedMessage.Address"/>) are the adapter's: stored wherever
/// their channel reference or posted record is stored (review state, queued messages, inbox events, posted records) and
/// handed back exactly, never read. Lookups by channel (<see cref="ListReviewsAsync"/>, <see cref="FindThreadAsync"/>)
/// go by <see cref="ChannelRef.Key"/> and ignore the address.
/// </para>
/// </summary>
public interface IReviewStore
{
    /// <summary>Creates tables if needed. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks that the store answers (for /healthz): false when it had a bad moment; an authorization or configuration
    /// error throws.
    /// </summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    // ---- inbox: every accepted event is stored before the platform gets its ack ----

    /// <summary>Stores an inbound event; false when its event id was seen before (a platform retry).</summary>
    Task<bool> AcceptAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Accepted events not yet processed, oldest first.</summary>
    Task<IReadOnlyList<InboxItem>> PendingInboxAsync(int max, CancellationToken cancellationToken = default);

    // ---- reviews ----

    /// <summary>
    /// The review's state, its answers in <see cref="StoreRules.OrderAnswers"/> order, where its messages landed
    /// (<see cref="ReviewSnapshot.Posted"/>, as recorded by <see cref="CompleteOutboxAsync"/>) and its version; null when
    /// there is no such review.
    /// </summary>
    Task<ReviewSnapshot?> GetReviewAsync(string reviewId, CancellationToken cancellationToken = default);

    /// <summary>The channel's reviews, newest first (CreatedAt, then id, both descending).</summary>
    Task<IReadOnlyList<ReviewListing>> ListReviewsAsync(ChannelRef channel, CancellationToken cancellationToken = default);

    /// <summary>The review step whose thread this is, if it is one of ours.</summary>
    Task<ThreadLink?> FindThreadAsync(ChannelRef channel, string threadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits one turn atomically: the review's new state (checked against ExpectedVersion), answers written
    /// and removed, outbound messages queued, and the inbox event marked processed. Where messages landed is not
    /// part of a turn: only <see cref="CompleteOutboxAsync"/> records it.
    /// Committing for an inbox event that was already applied writes nothing and returns normally, so an
    /// event is never applied twice, whichever worker or host processed it first.
    /// <para>
    /// Messages queue in their partition (<see cref="StoreRules.PartitionOf"/>) in the order the decision lists them; a
    /// message whose key the partition already holds, sent or not, is not queued again (a retried event queuing the same
    /// channel reply).
    /// </para>
    /// <para>
    /// Queued updates of one message collapse into the latest: when the turn queues an update of message K
    /// (<see cref="OutboundMessage.ReplacesKey"/> = K), earlier updates of K in the same partition that are not sent and
    /// not leased are dropped in the same commit (the review card may change several times a second; only its last
    /// state matters). Not leased: no claim holds the row — never claimed, given back by <see cref="RetryOutboxAsync"/>,
    /// or released by <see cref="ReleaseLeasesAsync"/>. A row still held by a claim is kept even past its lease's expiry
    /// (its holder may be sending it right now); it goes out, and the newer update after it.
    /// </para>
    /// <para>
    /// A new state's <see cref="ReviewState.NextWakeAt"/> is the review's due-time work item: committed with the turn and
    /// indexed for <see cref="ClaimDueWakesAsync"/> (a changed time replaces the old wake and its lease).
    /// </para>
    /// </summary>
    Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default);

    // ---- outbox: messages leave in order per review (or channel), claimed under a lease ----

    /// <summary>
    /// Claims, for up to <paramref name="max"/> partitions, the partition's head — its oldest unsent message — when the
    /// head is claimable (<see cref="StoreRules.IsClaimable"/>: due and not leased, or its lease expired). Later messages
    /// of a partition wait while its head is leased or not due, so a review's messages go out strictly in order. The claim
    /// leases the row to <paramref name="owner"/> until <paramref name="now"/> + <paramref name="lease"/> and opens an
    /// attempt (see <see cref="OutboxItem.OutcomeUnknown"/>).
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the head of one partition (a review, or a channel's replies) as <see cref="ClaimOutboxAsync"/> would; null
    /// when it has no claimable head. It stays beside the full claim because it is the worker's hint path: right after
    /// a commit the pipeline knows which partition just got messages, and claiming that head costs one partition read
    /// where a full claim visits every partition with unsent messages (on Table Storage, one query per partition).
    /// </summary>
    Task<OutboxItem?> ClaimPartitionHeadAsync(string partition, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Where an earlier message of the review landed, by key (as in <see cref="ReviewSnapshot.Posted"/>); null when it has not been posted.</summary>
    Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a claimed message sent and, when <paramref name="posted"/> is given and the message belongs to a review,
    /// records where it landed (message id, thread, platform timestamp, address) under its key — which moves the review's
    /// version, so a turn decided without it must reload — and indexes its thread when it opens a step. Throws
    /// <see cref="LeaseLostException"/> if this claim no longer holds the row (it expired and another claim took it, or
    /// the row is gone).
    /// </summary>
    Task CompleteOutboxAsync(OutboxItem item, PostedMessage? posted, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a claimed message (exactly as <see cref="CompleteOutboxAsync"/>) and then claims its partition's next
    /// head for the same owner, as <see cref="ClaimPartitionHeadAsync"/> would with <paramref name="lease"/> and
    /// <paramref name="now"/>; null when there is no claimable next message. A review's messages then flow one after
    /// the other without a claim of their own in between.
    /// </summary>
    Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a claimed message back to be tried again not before <paramref name="notBefore"/>: Attempts goes up by one,
    /// the lease is cleared, the error is kept (cut to <see cref="StoreRules.MaxErrorLength"/>). With
    /// <paramref name="outcomeUnknown"/> (the send timed out or was cut off) the next claim reports
    /// <see cref="OutboxItem.OutcomeUnknown"/>; a known failure (false) clears it. A claim that no longer holds the row
    /// (another claim took it) changes nothing and does not throw: the other claim's attempt is the one that counts.
    /// </summary>
    Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool outcomeUnknown, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a claimed message back unsent, to be claimed again not before <paramref name="notBefore"/>, WITHOUT counting
    /// an attempt: nothing was tried (the platform's rate limit said wait). <paramref name="outcomeUnknown"/> keeps an
    /// earlier attempt's unknown outcome for the next claim. A lost lease makes it a no-op, as for a retry.
    /// </summary>
    Task DeferOutboxAsync(OutboxItem item, DateTimeOffset notBefore, bool outcomeUnknown, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops this owner's leases on unsent messages: a host restarting under the same instance id (after a crash)
    /// takes back its unfinished claims at once instead of waiting for them to expire. Their attempts stay open, so
    /// the next claim of each reports <see cref="OutboxItem.OutcomeUnknown"/>.
    /// </summary>
    Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Messages not yet sent, all partitions. For the outbox-depth metric and health; a store may count with a scan,
    /// so callers poll it, they do not call it per send.
    /// </summary>
    Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// When the longest-waiting unsent message was queued (its <see cref="OutboundMessage.Origin"/>), for the outbox age
    /// gauge; null when nothing unsent carries a queue time.
    /// </summary>
    Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default);

    // ---- wakes: a review's NextWakeAt, indexed by every commit that writes its state, claimed under a lease ----

    /// <summary>
    /// Claims up to <paramref name="max"/> due wakes, oldest first (wake time, then review id): reviews whose committed
    /// <see cref="ReviewState.NextWakeAt"/> is at or before <paramref name="now"/> and whose wake no lease holds (none, or
    /// it expired strictly before now, as <see cref="StoreRules.IsClaimable"/>), leasing each to <paramref name="owner"/>
    /// until now + <paramref name="lease"/>. The index is part of the commit: a commit whose state changes NextWakeAt
    /// (to another time or to null) replaces or removes the review's wake and drops its lease; a commit that leaves it
    /// as it was keeps both, so a claimed wake is not claimed again while its turn is under way. A claim never returns a
    /// wake the review's committed state no longer has. Nothing is marked done: the turn the wake causes commits the
    /// review's next wake time, and that is what retires this one.
    /// </summary>
    Task<IReadOnlyList<DueWake>> ClaimDueWakesAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops this owner's wake leases, as <see cref="ReleaseLeasesAsync"/> does for messages: a host restarting under the
    /// same instance id takes back its claimed wakes at once. Separate from it so that each worker releases only its
    /// own claims when it starts, never a claim the other worker has just made.
    /// </summary>
    Task ReleaseWakeLeasesAsync(string owner, CancellationToken cancellationToken = default);
}

/// <summary>
/// A review's wake-up that came due, as claimed: the review, its channel (with the adapter's address, as the state holds
/// it) and the wake time its state names (<see cref="ReviewState.NextWakeAt"/>), which <see cref="WakeEvent.For"/> turns
/// into the inbox event.
/// </summary>
public sealed record DueWake(string ReviewId, ChannelRef Channel, DateTimeOffset WakeAt);

public sealed record InboxItem(InboundEvent Event, DateTimeOffset ReceivedAt);

public sealed record ThreadLink(string ReviewId, string StepId);

/// <summary>One turn to commit. ExpectedVersion is the version the decision was made on (null for a new review).</summary>
public sealed record TurnCommit(Decision Decision, string? ExpectedVersion, string? InboxEventId);

/// <summary>
/// A queued message. Partition is the review id, or "channel:{key}" for replies that concern no review;
/// Sequence orders messages within it. Attempts counts failed sends.
/// <para>
/// OutcomeUnknown: an earlier attempt may have posted it. Every claim opens an attempt; completing the message or giving
/// it back with a known failure (<see cref="IReviewStore.RetryOutboxAsync"/>, outcomeUnknown: false) closes it. A claim
/// reports true when the row's previous attempt is still open — it was claimed and never completed nor given back (a
/// crash: its lease expired or <see cref="IReviewStore.ReleaseLeasesAsync"/> dropped it; a lost lease) — or was given
/// back with outcomeUnknown: true (a timeout). A first claim, or one after a known failure, reports false. The
/// dispatcher then asks the channel client whether the post landed before posting again.
/// </para>
/// </summary>
public sealed record OutboxItem(string Partition, long Sequence, string? ReviewId, OutboundMessage Message, int Attempts, string? LeaseOwner, DateTimeOffset? LeaseUntil)
{
    public bool OutcomeUnknown { get; init; }

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
