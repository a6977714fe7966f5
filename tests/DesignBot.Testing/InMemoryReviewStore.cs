using System.Globalization;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Testing;

/// <summary>
/// <see cref="IReviewStore"/> in memory, for tests of the shell (turn processor, dispatcher, workers) and the chat
/// scripts. It follows every rule of the contract (and passes its suite): versions and conflicts, events applied once,
/// the thread index, outbox order per partition, leases, unknown outcomes, collapsed updates and the wake index. One lock guards it all,
/// so every call is atomic; nothing survives the process.
/// </summary>
public sealed class InMemoryReviewStore : IReviewStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredReview> _reviews = [];
    private readonly Dictionary<(string Channel, string Thread), ThreadLink> _threads = [];
    private readonly List<InboxEntry> _inbox = [];
    private readonly Dictionary<string, InboxEntry> _inboxById = [];
    private readonly Dictionary<string, List<Row>> _outbox = [];
    private readonly Dictionary<string, Wake> _wakes = [];

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    // ---- inbox ----

    public Task<bool> AcceptAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        lock (_lock)
        {
            if (_inboxById.ContainsKey(inbound.EventId))
                return Task.FromResult(false);
            var entry = new InboxEntry(inbound, receivedAt);
            _inbox.Add(entry);
            _inboxById[inbound.EventId] = entry;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<InboxItem>> PendingInboxAsync(int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<InboxItem>>([.. _inbox.Where(e => !e.Processed).Take(max).Select(e => new InboxItem(e.Event, e.ReceivedAt))]);
    }

    // ---- reviews ----

    public Task<ReviewSnapshot?> GetReviewAsync(string reviewId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_reviews.GetValueOrDefault(reviewId)?.Snapshot());
    }

    public Task<IReadOnlyList<ReviewListing>> ListReviewsAsync(ChannelRef channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReviewListing>>(
            [
                .. _reviews.Values.Select(r => r.State).Where(s => s.Channel.Key == channel.Key)
                    .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal)
                    .Select(s => new ReviewListing(s.Id, s.Title, s.Owner, s.Status, s.CreatedAt)),
            ]);
        }
    }

    public Task<ThreadLink?> FindThreadAsync(ChannelRef channel, string threadId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
            return Task.FromResult(_threads.GetValueOrDefault((channel.Key, threadId)));
    }

    public Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var decision = commit.Decision;
        lock (_lock)
        {
            // An event already applied (by another worker that got there first) is not applied twice.
            if (commit.InboxEventId is { } appliedId && _inboxById.TryGetValue(appliedId, out var applied) && applied.Processed)
                return Task.CompletedTask;

            // Every check before any write: a conflict writes nothing.
            var review = decision.ReviewId is { } id ? _reviews.GetValueOrDefault(id) : null;
            if (decision.NewState is { } state)
            {
                if (decision.IsNewReview && review is not null)
                    throw new ConcurrencyConflictException($"Review '{state.Id}' already exists.");
                if (!decision.IsNewReview && (review is null || review.VersionText != commit.ExpectedVersion))
                    throw new ConcurrencyConflictException($"Review '{state.Id}' is no longer at version '{commit.ExpectedVersion}'.");
            }

            if (decision.NewState is { } newState)
            {
                var wakeBefore = review?.State.NextWakeAt;
                if (review is null)
                    _reviews[newState.Id] = review = new StoredReview(newState);
                else
                    review.Change(newState);
                IndexWake(newState, wakeBefore);
            }
            if (review is not null)
            {
                foreach (var answerId in decision.DeletedAnswerIds)
                    review.Answers.Remove(answerId);
                foreach (var answer in decision.UpsertAnswers)
                    review.Answers[answer.Id] = answer;
            }
            foreach (var message in decision.Messages)
                Queue(decision.ReviewId ?? OutboxItem.ChannelPartition(message.Channel), decision.ReviewId, message);

            if (commit.InboxEventId is { } eventId && _inboxById.TryGetValue(eventId, out var entry))
                entry.Processed = true;
            return Task.CompletedTask;
        }
    }

    // A changed wake time is a new entry, without the old one's lease; an unchanged one keeps its lease.
    private void IndexWake(ReviewState state, DateTimeOffset? before)
    {
        if (state.NextWakeAt == before)
            return;
        if (state.NextWakeAt is { } at)
            _wakes[state.Id] = new Wake(state.Id, at);
        else
            _wakes.Remove(state.Id);
    }

    // A message whose key the partition already holds (sent or not) is skipped: a retried event queues its reply once.
    // An update collapses the earlier updates of the same message that nobody is sending (unsent and not leased).
    private void Queue(string partition, string? reviewId, OutboundMessage message)
    {
        if (!_outbox.TryGetValue(partition, out var rows))
            _outbox[partition] = rows = [];
        if (rows.Any(r => r.Message.Key == message.Key))
            return;
        if (message.ReplacesKey is { } target)
        {
            // ...except one with a waiting message queued after it (StoreRules.CollapsedTargets).
            var lastWaiting = rows.FindLastIndex(r => !r.Sent && r.NotBefore is not null);
            var superseded = rows.Where((r, index) => index >= lastWaiting && !r.Sent && r.LeaseOwner is null && r.Message.ReplacesKey == target).ToList();
            rows.RemoveAll(superseded.Contains);
        }
        var sequence = rows.Count == 0 ? 1 : rows.Max(r => r.Sequence) + 1;
        rows.Add(new Row(partition, sequence, reviewId, message) { NotBefore = message.NotBefore });
    }

    // ---- outbox ----

    public Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var heads = _outbox.Keys.Select(p => ClaimableHead(p, now)).OfType<Row>()
                .OrderBy(r => r.NotBefore ?? DateTimeOffset.MinValue).ThenBy(r => r.Partition, StringComparer.Ordinal)
                .Take(max).ToList();
            return Task.FromResult<IReadOnlyList<OutboxItem>>([.. heads.Select(r => r.Claim(owner, now + lease))]);
        }
    }

    public Task<OutboxItem?> ClaimPartitionHeadAsync(string partition, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(ClaimableHead(partition, now)?.Claim(owner, now + lease));
    }

    // Only the lowest unsent message of a partition is a candidate: while it waits, the messages behind it wait too.
    private Row? ClaimableHead(string partition, DateTimeOffset now)
    {
        var head = _outbox.GetValueOrDefault(partition)?.Where(r => !r.Sent).MinBy(r => r.Sequence);
        if (head is null || head.NotBefore > now || head.LeaseUntil >= now)
            return null;
        return head;
    }

    public Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_reviews.GetValueOrDefault(reviewId)?.Posted.GetValueOrDefault(key));
    }

    public Task CompleteOutboxAsync(OutboxItem item, PostedMessage? posted, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            Complete(item, posted);
        return Task.CompletedTask;
    }

    public Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            Complete(item, posted);
            return Task.FromResult(ClaimableHead(item.Partition, now)?.Claim(item.LeaseOwner!, now + lease));
        }
    }

    private void Complete(OutboxItem item, PostedMessage? posted)
    {
        ArgumentNullException.ThrowIfNull(item);
        var row = HeldRow(item) ?? throw new LeaseLostException($"Outbox message {item.IdempotencyKey} is no longer leased by '{item.LeaseOwner}'.");
        row.Sent = true;
        row.LeaseOwner = null;
        row.LeaseUntil = null;
        if (posted is null || item.ReviewId is not { } reviewId || !_reviews.TryGetValue(reviewId, out var review))
            return;
        // Recording where a message landed changes the review: a turn decided without it must reload.
        review.RecordPosted(item.Message.Key, posted);
        if (item.Message.OpensThreadForStep is { } stepId)
            _threads[(item.Message.Channel.Key, posted.ThreadId)] = new ThreadLink(reviewId, stepId);
    }

    public Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool outcomeUnknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            // A lost lease means another owner has the message now: its attempt counts, not this one.
            if (HeldRow(item) is not { } row)
                return Task.CompletedTask;
            row.Attempts++;
            row.NotBefore = notBefore;
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            row.LastError = error;
            row.OutcomeUnknown = outcomeUnknown;
        }
        return Task.CompletedTask;
    }

    public Task DeferOutboxAsync(OutboxItem item, DateTimeOffset notBefore, bool outcomeUnknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (HeldRow(item) is not { } row)
                return Task.CompletedTask;
            row.NotBefore = notBefore;
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            row.OutcomeUnknown = outcomeUnknown;
        }
        return Task.CompletedTask;
    }

    public Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var row in _outbox.Values.SelectMany(rows => rows).Where(r => !r.Sent && r.LeaseOwner == owner))
            {
                // Claimed and never completed nor given back: it may have been posted.
                row.OutcomeUnknown = true;
                row.LeaseOwner = null;
                row.LeaseUntil = null;
            }
        }
        return Task.CompletedTask;
    }

    public Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_outbox.Values.Sum(rows => rows.Count(r => !r.Sent)));
    }

    public Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            // Each queue's head is its longest-waiting message.
            var heads = _outbox.Values.Select(rows => rows.FirstOrDefault(r => !r.Sent)?.Message.Origin?.QueuedAt).OfType<DateTimeOffset>().ToList();
            return Task.FromResult<DateTimeOffset?>(heads.Count == 0 ? null : heads.Min());
        }
    }

    // ---- wakes ----

    public Task<IReadOnlyList<DueWake>> ClaimDueWakesAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_lock)
        {
            var due = _wakes.Values.Where(w => w.At <= now && StoreRules.IsClaimable(null, w.LeaseUntil, now))
                .OrderBy(w => w.At).ThenBy(w => w.ReviewId, StringComparer.Ordinal).Take(max).ToList();
            foreach (var wake in due)
            {
                wake.LeaseOwner = owner;
                wake.LeaseUntil = now + lease;
            }
            return Task.FromResult<IReadOnlyList<DueWake>>([.. due.Select(w => new DueWake(w.ReviewId, _reviews[w.ReviewId].State.Channel, w.At))]);
        }
    }

    public Task ReleaseWakeLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var wake in _wakes.Values.Where(w => w.LeaseOwner == owner))
            {
                wake.LeaseOwner = null;
                wake.LeaseUntil = null;
            }
        }
        return Task.CompletedTask;
    }

    // A lease is its owner and expiry together: the same owner re-claiming after expiry holds a new lease.
    private Row? HeldRow(OutboxItem item) =>
        _outbox.GetValueOrDefault(item.Partition)?.FirstOrDefault(r =>
            r.Sequence == item.Sequence && !r.Sent && r.LeaseOwner == item.LeaseOwner && r.LeaseUntil == item.LeaseUntil);

    // The channel is read from the review at claim time: its address is the latest the state holds.
    private sealed class Wake(string reviewId, DateTimeOffset at)
    {
        public string ReviewId { get; } = reviewId;
        public DateTimeOffset At { get; } = at;
        public string? LeaseOwner { get; set; }
        public DateTimeOffset? LeaseUntil { get; set; }
    }

    private sealed class InboxEntry(InboundEvent inbound, DateTimeOffset receivedAt)
    {
        public InboundEvent Event { get; } = inbound;
        public DateTimeOffset ReceivedAt { get; } = receivedAt;
        public bool Processed { get; set; }
    }

    private sealed class StoredReview(ReviewState state)
    {
        private long _version = 1;

        public ReviewState State { get; private set; } = state;
        public Dictionary<string, Answer> Answers { get; } = [];
        public Dictionary<string, PostedMessage> Posted { get; } = [];
        public string VersionText => _version.ToString(CultureInfo.InvariantCulture);

        // Where messages landed comes only from completed sends, beside the state.
        public void Change(ReviewState state)
        {
            State = state;
            _version++;
        }

        public void RecordPosted(string key, PostedMessage posted)
        {
            Posted[key] = posted;
            _version++;
        }

        public ReviewSnapshot Snapshot() =>
            new(State, StoreRules.OrderAnswers(Answers.Values), new Dictionary<string, PostedMessage>(Posted), VersionText);
    }

    private sealed class Row(string partition, long sequence, string? reviewId, OutboundMessage message)
    {
        public string Partition { get; } = partition;
        public long Sequence { get; } = sequence;
        public string? ReviewId { get; } = reviewId;
        public OutboundMessage Message { get; } = message;
        public int Attempts { get; set; }
        public DateTimeOffset? NotBefore { get; set; }
        public string? LeaseOwner { get; set; }
        public DateTimeOffset? LeaseUntil { get; set; }
        public bool Sent { get; set; }
        public bool OutcomeUnknown { get; set; }
        public string? LastError { get; set; }

        public OutboxItem Claim(string owner, DateTimeOffset until)
        {
            // Leased before and neither completed nor given back (a crash, a lost lease): it may have been posted.
            if (LeaseOwner is not null)
                OutcomeUnknown = true;
            LeaseOwner = owner;
            LeaseUntil = until;
            return new OutboxItem(Partition, Sequence, ReviewId, Message, Attempts, owner, until) { OutcomeUnknown = OutcomeUnknown };
        }
    }
}
