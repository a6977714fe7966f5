using System.Globalization;
using DesignBot.Core.Json;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using Microsoft.Data.Sqlite;
using static DesignBot.Storage.Sqlite.SqliteSql;

namespace DesignBot.Storage.Sqlite;

// The outbox: rows per partition (a review, or a channel's replies) in sequence order, claimed under a lease.
public sealed partial class SqliteReviewStore
{
    // Inside a turn's write: queues the message, then drops the earlier updates it supersedes.
    private static void Queue(PreparedSqliteConnection connection, Decision decision, OutboundMessage message, string json)
    {
        var partition = StoreRules.PartitionOf(decision, message);
        Execute(connection, QueueMessage,
            ("$partition", partition), ("$key", message.Key), ("$review", decision.ReviewId), ("$json", json), ("$replaces", message.ReplacesKey),
            ("$notBefore", message.NotBefore is { } notBefore ? StoreRules.ToText(notBefore) : null));
        foreach (var target in StoreRules.CollapsedTargets([message]))
            Execute(connection, CollapseUpdates, ("$partition", partition), ("$target", target), ("$key", message.Key));
    }

    public Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var until = now + lease;
        return WriteAsync<IReadOnlyList<OutboxItem>>(connection =>
        {
            var items = new List<OutboxItem>();
            using (var reader = Command(connection, SelectClaimable, ("$now", StoreRules.ToText(now)), ("$max", max)).ExecuteReader())
            {
                while (reader.Read())
                    items.Add(ReadOutboxItem(reader, owner, until));
            }
            foreach (var item in items)
                Lease(connection, item);
            return items;
        }, cancellationToken: cancellationToken);
    }

    public Task<OutboxItem?> ClaimPartitionHeadAsync(string partition, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(owner);
        return WriteAsync(connection => ClaimHead(connection, partition, owner, lease, now), cancellationToken: cancellationToken);
    }

    public async Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reviewId);
        ArgumentNullException.ThrowIfNull(key);
        if (_snapshots.FindPosted(reviewId, key) is { } known)
            return known;
        return await ReadAsync(async connection =>
            (await ReadPostedAsync(connection, SelectOnePosted, cancellationToken, ("$review", reviewId), ("$key", key))).GetValueOrDefault(key),
            cancellationToken);
    }

    public async Task CompleteOutboxAsync(OutboxItem item, PostedMessage? posted, CancellationToken cancellationToken = default) =>
        await CompleteAsync(item, posted, claimNext: null, cancellationToken);

    public Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CompleteAsync(item, posted, (lease, now), cancellationToken);

    private async Task<OutboxItem?> CompleteAsync(OutboxItem item, PostedMessage? posted, (TimeSpan Lease, DateTimeOffset Now)? claimNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var completed = await WriteAsync(connection =>
        {
            long? bumpedTo = null;
            ThreadLink? opened = null;
            if (Execute(connection, CompleteMessage, LeaseKey(item)) == 0)
                throw new LeaseLostException($"Outbox message {item.IdempotencyKey} is no longer leased by '{item.LeaseOwner}'.");

            if (posted is not null && item.ReviewId is { } reviewId && (bumpedTo = Scalar(connection, BumpVersion, ("$id", reviewId)) as long?) is not null)
            {
                // Recording where the message landed changes the review, so it bumps the version: a turn decided
                // without this message's timestamp (the timestamp rule needs it) must reload.
                Execute(connection, SavePosted,
                    ("$review", reviewId), ("$key", item.Message.Key), ("$message", posted.MessageId), ("$thread", posted.ThreadId),
                    ("$at", StoreRules.ToText(posted.PostedAt)), ("$address", posted.Address));

                if (item.Message.OpensThreadForStep is { } stepId)
                {
                    Execute(connection, SaveThread,
                        ("$channel", item.Message.Channel.Key), ("$thread", posted.ThreadId), ("$review", reviewId), ("$step", stepId));
                    opened = new ThreadLink(reviewId, stepId);
                }
            }
            var next = claimNext is { } claim ? ClaimHead(connection, item.Partition, item.LeaseOwner!, claim.Lease, claim.Now) : null;
            return (Next: next, BumpedTo: bumpedTo, Opened: opened);
        }, done =>
        {
            if (done.BumpedTo is { } version && item.ReviewId is { } id)
                _snapshots.Posted(id, item.Message.Key, posted!, version);
            if (done.Opened is { } link)
                _threads[(item.Message.Channel.Key, posted!.ThreadId)] = link;
        }, cancellationToken);
        return completed.Next;
    }

    // The partition's next unsent message, leased to the owner, when it is due and nobody else holds it.
    private static OutboxItem? ClaimHead(PreparedSqliteConnection connection, string partition, string owner, TimeSpan lease, DateTimeOffset now)
    {
        OutboxItem? head = null;
        using (var reader = Command(connection, SelectPartitionHead, ("$partition", partition), ("$now", StoreRules.ToText(now))).ExecuteReader())
        {
            if (reader.Read())
                head = ReadOutboxItem(reader, owner, now + lease);
        }
        if (head is not null)
            Lease(connection, head);
        return head;
    }

    // Columns: partition, seq, review_id, message_json, attempts, attempt_open (as it was before this claim).
    private static OutboxItem ReadOutboxItem(SqliteDataReader reader, string owner, DateTimeOffset until) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            CoreJson.Deserialize<OutboundMessage>(reader.GetString(3)), reader.GetInt32(4), owner, until)
        {
            OutcomeUnknown = reader.GetInt64(5) != 0,
        };

    private static void Lease(PreparedSqliteConnection connection, OutboxItem item) =>
        Execute(connection, LeaseMessage,
            ("$owner", item.LeaseOwner), ("$until", StoreRules.ToText(item.LeaseUntil!.Value)), ("$partition", item.Partition), ("$seq", item.Sequence));

    public async Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool outcomeUnknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(error);
        // If the lease was lost meanwhile, another host owns the message now; its attempt counts, not ours,
        // so a no-op is right (and the dispatcher calls this from a catch block, where throwing would escape).
        await WriteAsync(connection =>
            Execute(connection, RetryMessage,
                [.. LeaseKey(item), ("$notBefore", StoreRules.ToText(notBefore)), ("$error", StoreRules.ErrorText(error)), ("$unknown", outcomeUnknown ? 1 : 0)]),
            cancellationToken: cancellationToken);
    }

    public async Task DeferOutboxAsync(OutboxItem item, DateTimeOffset notBefore, bool outcomeUnknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await WriteAsync(connection =>
            Execute(connection, DeferMessage, [.. LeaseKey(item), ("$notBefore", StoreRules.ToText(notBefore)), ("$unknown", outcomeUnknown ? 1 : 0)]),
            cancellationToken: cancellationToken);
    }

    public async Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await WriteAsync(connection => Execute(connection, ReleaseLeases, ("$owner", owner)), cancellationToken: cancellationToken);
    }

    public Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async connection =>
            Convert.ToInt32(await Command(connection, CountUnsent).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture),
            cancellationToken);

    public Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<DateTimeOffset?>(async connection =>
        {
            using var reader = await Command(connection, UnsentHeadsQueuedAt).ExecuteReaderAsync(cancellationToken);
            DateTimeOffset? oldest = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(0))
                    continue;
                var queuedAt = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                oldest = oldest is { } o && o <= queuedAt ? o : queuedAt;
            }
            return oldest;
        }, cancellationToken);

    private static (string, object?)[] LeaseKey(OutboxItem item) =>
    [
        ("$partition", item.Partition), ("$seq", item.Sequence), ("$owner", item.LeaseOwner),
        ("$until", item.LeaseUntil is { } until ? StoreRules.ToText(until) : null),
    ];
}
