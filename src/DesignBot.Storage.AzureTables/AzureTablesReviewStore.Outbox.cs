using Azure;
using Azure.Data.Tables;
using DesignBot.Core.Json;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables;

// The outbox: rows "outbox|{seq}" in each review's (or channel's) partition, claimed under a lease written with
// the row's ETag, so of two hosts claiming the same row exactly one wins.
public sealed partial class AzureTablesReviewStore
{
    private const string LeaseOwner = "LeaseOwner";
    private const string LeaseUntil = "LeaseUntil";
    private const string NotBefore = "NotBefore";

    // True from a claim until the row is sent or given back with a known failure (OutboxItem.OutcomeUnknown).
    private const string AttemptOpen = "AttemptOpen";

    /// <summary>
    /// The queued rows a turn's updates supersede (see <see cref="StoreRules.CollapsedTargets"/>): unsent updates of the
    /// same targets in the partition that no claim holds.
    /// </summary>
    private async Task<List<TableEntity>> CollapsedUpdatesAsync(string partition, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var targets = StoreRules.CollapsedTargets(messages);
        var superseded = new List<TableEntity>();
        if (targets.Count == 0)
            return superseded;
        // Rows come in sequence order; an update with a waiting message after it stays (StoreRules.CollapsedTargets).
        await foreach (var row in _reviews.QueryAsync<TableEntity>(UnsentFilter(partition), select: ["PartitionKey", "RowKey", Rows.ReplacesKey, LeaseOwner, NotBefore], cancellationToken: cancellationToken))
        {
            if (row.ContainsKey(NotBefore) && row[NotBefore] is not null)
                superseded.Clear();
            if (row.GetString(Rows.ReplacesKey) is { } target && targets.Contains(target) && row.GetString(LeaseOwner) is null)
                superseded.Add(row);
        }
        return superseded;
    }

    public async Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (max <= 0)
            return [];
        var until = now + lease;
        var marks = await PendingMarksAsync(cancellationToken);
        var claims = new OutboxItem?[marks.Count];
        var taken = 0;
        await ForEachPartitionAsync(marks, cancellationToken, async (mark, index, token) =>
        {
            if (Volatile.Read(ref taken) >= max)
                return;
            if (await UnsentHeadAsync(mark.RowKey, token) is not { } head)
            {
                await TryUnmarkAsync(mark, token);
                return;
            }
            // Only heads are candidates: while a head is leased or waits for its retry, the partition's later
            // messages wait too, so a review's messages go out strictly in order.
            if (!IsClaimable(head, now))
                return;
            // A slot is taken before claiming and given back if the claim is lost, so at most max are claimed.
            if (Interlocked.Increment(ref taken) > max)
            {
                Interlocked.Decrement(ref taken);
                return;
            }
            if (await TryClaimAsync(head, owner, until, token) is { } item)
                claims[index] = item;
            else
                Interlocked.Decrement(ref taken);
        });
        return [.. claims.OfType<OutboxItem>()];
    }

    /// <summary>The head (lowest unsent seq) of one partition's outbox, or null when nothing in it is unsent.</summary>
    private async Task<TableEntity?> UnsentHeadAsync(string partition, CancellationToken cancellationToken)
    {
        TableEntity? head = null;
        await foreach (var row in _reviews.QueryAsync<TableEntity>(UnsentFilter(partition), cancellationToken: cancellationToken))
        {
            if (head is null || string.CompareOrdinal(row.RowKey, head.RowKey) < 0)
                head = row;
        }
        return head;
    }

    private static string UnsentFilter(string partition)
    {
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        return TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to} and Sent eq false");
    }

    private static bool IsClaimable(TableEntity head, DateTimeOffset now) =>
        StoreRules.IsClaimable(EntityText.FromText(head, NotBefore), EntityText.FromText(head, LeaseUntil), now);

    private async Task<OutboxItem?> TryClaimAsync(TableEntity head, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var previousAttemptOpen = head.GetBoolean(AttemptOpen) == true;
        head[LeaseOwner] = owner;
        head[LeaseUntil] = StoreRules.ToText(until);
        head[AttemptOpen] = true;
        try
        {
            await _reviews.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
            // Another host claimed (or finished) it since we read it, or a turn collapsed it.
            return null;
        }
        return new OutboxItem(
            TableKeys.Unescape(head.PartitionKey), Rows.OutboxSeq(head.RowKey), head.GetString("ReviewId"),
            CoreJson.Deserialize<OutboundMessage>(EntityText.ReadJson(head)), head.GetInt32("Attempts") ?? 0, owner, until)
        {
            OutcomeUnknown = previousAttemptOpen,
        };
    }

    public async Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reviewId);
        ArgumentNullException.ThrowIfNull(key);
        var row = await GetRowAsync(_reviews, TableKeys.Escape(reviewId), Rows.Posted(key), null, cancellationToken);
        return row is null ? null : Rows.ReadPosted(row);
    }

    public async Task CompleteOutboxAsync(OutboxItem item, PostedMessage? posted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var row = await ReadLeasedRowAsync(item, cancellationToken) ?? throw LeaseLost(item);

        // Outside the transaction (another table), so first; it is idempotent, so a crash right after it is harmless.
        if (posted is not null && item.ReviewId is { } reviewId && item.Message.OpensThreadForStep is { } stepId)
        {
            var thread = new TableEntity(TableKeys.Escape(item.Message.Channel.Key), TableKeys.Escape(posted.ThreadId))
            {
                ["ReviewId"] = reviewId,
                ["StepId"] = stepId,
            };
            await _threads.UpsertEntityAsync(thread, TableUpdateMode.Replace, cancellationToken);
        }

        row["Sent"] = true;
        row[AttemptOpen] = false;
        ClearLease(row);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, row, row.ETag) };
        if (posted is not null && item.ReviewId is not null)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, Rows.PostedRow(row.PartitionKey, item.Message.Key, posted)));
            // Where a message landed is part of the review: touching the review row changes its ETag, so a turn
            // decided without this message's timestamp (the timestamp rule needs it) must reload.
            var touch = new TableEntity(row.PartitionKey, Rows.Review) { ["LastPostedAt"] = StoreRules.ToText(posted.PostedAt) };
            actions.Add(new(TableTransactionActionType.UpdateMerge, touch, ETag.All));
        }
        try
        {
            await _reviews.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
            throw LeaseLost(item, ex);
        }
    }

    /// <summary>Completes, then claims the same partition's next message if due: a partition query, not a table scan.</summary>
    public async Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await CompleteOutboxAsync(item, posted, cancellationToken);
        // A partition left empty keeps its index row until a claim removes it (after the grace, see TryUnmarkAsync).
        var head = await UnsentHeadAsync(TableKeys.Escape(item.Partition), cancellationToken);
        return head is not null && IsClaimable(head, now) ? await TryClaimAsync(head, item.LeaseOwner!, now + lease, cancellationToken) : null;
    }

    public async Task<OutboxItem?> ClaimPartitionHeadAsync(string partition, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(owner);
        var head = await UnsentHeadAsync(TableKeys.Escape(partition), cancellationToken);
        return head is not null && IsClaimable(head, now) ? await TryClaimAsync(head, owner, now + lease, cancellationToken) : null;
    }

    public async Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool outcomeUnknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(error);
        // If the lease was lost meanwhile, another host owns the message now and its attempt counts, not ours: a
        // no-op is right (and the dispatcher calls this from a catch block, where throwing would escape).
        if (await ReadLeasedRowAsync(item, cancellationToken) is not { } row)
            return;
        row["Attempts"] = (row.GetInt32("Attempts") ?? 0) + 1;
        row[NotBefore] = StoreRules.ToText(notBefore);
        row["LastError"] = StoreRules.ErrorText(error);
        row[AttemptOpen] = outcomeUnknown;
        ClearLease(row);
        await TryReplaceAsync(row, cancellationToken);
    }

    public async Task DeferOutboxAsync(OutboxItem item, DateTimeOffset notBefore, bool outcomeUnknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (await ReadLeasedRowAsync(item, cancellationToken) is not { } row)
            return;
        row[NotBefore] = StoreRules.ToText(notBefore);
        row[AttemptOpen] = outcomeUnknown;
        ClearLease(row);
        await TryReplaceAsync(row, cancellationToken);
    }

    public async Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        // Leases go, attempts stay open: what the crashed owner was sending may have gone out.
        // Leased rows are unsent, so only indexed partitions can hold them.
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        await ForEachPartitionAsync(await PendingMarksAsync(cancellationToken), cancellationToken, async (mark, _, token) =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {mark.RowKey} and RowKey ge {from} and RowKey lt {to} and Sent eq false and LeaseOwner eq {owner}");
            await foreach (var row in _reviews.QueryAsync<TableEntity>(filter, cancellationToken: token))
            {
                ClearLease(row);
                await TryReplaceAsync(row, token);
            }
        });
    }

    public async Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        await ForEachPartitionAsync(await PendingMarksAsync(cancellationToken), cancellationToken, async (mark, _, token) =>
        {
            var inPartition = 0;
            await foreach (var row in _reviews.QueryAsync<TableEntity>(UnsentFilter(mark.RowKey), select: ["RowKey"], cancellationToken: token))
                inPartition++;
            Interlocked.Add(ref count, inPartition);
        });
        return count;
    }

    public async Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        // Each queue's head is its longest-waiting message.
        var oldest = DateTimeOffset.MaxValue;
        var gate = new Lock();
        await ForEachPartitionAsync(await PendingMarksAsync(cancellationToken), cancellationToken, async (mark, _, token) =>
        {
            if (await UnsentHeadAsync(mark.RowKey, token) is not { } head
                || CoreJson.Deserialize<OutboundMessage>(EntityText.ReadJson(head)).Origin?.QueuedAt is not { } queuedAt)
                return;
            lock (gate)
                oldest = queuedAt < oldest ? queuedAt : oldest;
        });
        return oldest == DateTimeOffset.MaxValue ? null : oldest;
    }

    /// <summary>
    /// The claimed row, if this claim still holds it. A lease is owner and expiry together: the same host
    /// re-claiming after expiry holds a new lease, and the old claim is lost.
    /// </summary>
    private async Task<TableEntity?> ReadLeasedRowAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        if (await GetRowAsync(_reviews, TableKeys.Escape(item.Partition), Rows.OutboxRow(item.Sequence), null, cancellationToken) is not { } row)
            return null;
        var held = row.GetBoolean("Sent") != true
            && row.GetString(LeaseOwner) == item.LeaseOwner
            && row.GetString(LeaseUntil) == (item.LeaseUntil is { } until ? StoreRules.ToText(until) : null);
        return held ? row : null;
    }

    /// <summary>Writes a row read before, unless it changed since (then another host has taken it over).</summary>
    private async Task TryReplaceAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _reviews.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
        }
    }

    // Replace drops properties the entity no longer has, which is how a lease is cleared.
    private static void ClearLease(TableEntity row)
    {
        row.Remove(LeaseOwner);
        row.Remove(LeaseUntil);
    }

    private static LeaseLostException LeaseLost(OutboxItem item, Exception? inner = null) =>
        new($"Outbox message {item.IdempotencyKey} is no longer leased by '{item.LeaseOwner}'.", inner);

    // ---- the index of partitions with unsent messages ----
    //
    // {prefix}pending holds one row per outbox partition that may have unsent messages: PartitionKey "pending", RowKey
    // the partition's key, MarkedAt when a turn last queued there. Claims, counts and lease releases read this one
    // small partition and then query only the partitions it lists, instead of scanning every review ever stored.
    //
    // The index may list too much (harmless: a claim finds the partition empty and removes the row) but must never
    // miss a partition with an unsent message, which would strand it. Why it does not:
    // 1. A turn marks its partition (an upsert, which sets MarkedAt and changes the row's ETag) before it submits its
    //    messages, and nothing but TryUnmarkAsync deletes a mark.
    // 2. TryUnmarkAsync deletes a mark only (a) if the partition had nothing unsent in a query made after the mark
    //    was read, (b) with the ETag it was read with, and (c) when MarkedAt is older than PendingMarkGrace.
    //    By (b) a turn that marked after the read keeps its mark. A turn that marked before the read but whose
    //    messages the query did not see has not landed its transaction yet, and by (c) it is more than the grace
    //    (less clock skew between hosts) since it marked. So:
    // 3. A turn whose submit returns (or fails) later than PendingRemarkAfter after its mark marks again, after its
    //    transaction has landed (RemarkIfSlowAsync); a mark made then is seen by every later claim.
    // Turns are far quicker than PendingRemarkAfter, so step 3 costs nothing as a rule. What is left is a turn that
    // is slower than the grace and crashes between its transaction landing and its second mark; even then the
    // partition's next turn marks it again, and InitializeAsync indexes every partition with unsent rows at start.

    private const string PendingPartition = "pending";
    private const string MarkedAt = "MarkedAt";
    private const int PartitionParallelism = 8;

    // Remark well within the grace, so clock skew of up to the difference between them (90 s) between hosts is covered.
    internal static readonly TimeSpan PendingMarkGrace = TimeSpan.FromMinutes(2);
    internal static readonly TimeSpan PendingRemarkAfter = TimeSpan.FromSeconds(30);

    /// <summary>Test hook: runs right before a turn's transaction is submitted.</summary>
    internal Func<Task>? BeforeTurnSubmit { get; set; }

    /// <summary>Test hook: runs right before a claim deletes the mark of a partition it found empty.</summary>
    internal Func<Task>? BeforeUnmark { get; set; }

    /// <summary>Marks a partition as having unsent messages; returns the MarkedAt it wrote.</summary>
    private async Task<DateTimeOffset> MarkOutboxPendingAsync(string partition, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var mark = new TableEntity(PendingPartition, partition) { [MarkedAt] = StoreRules.ToText(now) };
        await _pending.UpsertEntityAsync(mark, TableUpdateMode.Replace, cancellationToken);
        return now;
    }

    /// <summary>Step 3 above: after a slow submit, whether it succeeded or not, the partition is marked again.</summary>
    private async Task RemarkIfSlowAsync(string partition, DateTimeOffset? markedAt)
    {
        // Not cancellable: a cancelled submit may still have landed, and then this mark is what covers it.
        if (markedAt is { } at && _clock.GetUtcNow() - at > PendingRemarkAfter)
            await BestEffortAsync(() => MarkOutboxPendingAsync(partition, CancellationToken.None));
    }

    /// <summary>The marks, oldest first, so partitions queued long ago are served before busy ones marked again and again.</summary>
    private async Task<List<TableEntity>> PendingMarksAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition}");
        var marks = new List<TableEntity>();
        await foreach (var mark in _pending.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            marks.Add(mark);
        return [.. marks.OrderBy(m => EntityText.FromText(m, MarkedAt) ?? DateTimeOffset.MinValue).ThenBy(m => m.RowKey, StringComparer.Ordinal)];
    }

    /// <summary>Step 2 above: called after a query, made after <paramref name="mark"/> was read, found nothing unsent.</summary>
    private async Task TryUnmarkAsync(TableEntity mark, CancellationToken cancellationToken)
    {
        if (EntityText.FromText(mark, MarkedAt) is { } markedAt && _clock.GetUtcNow() - markedAt <= PendingMarkGrace)
            return;
        if (BeforeUnmark is { } hook)
            await hook();
        try
        {
            await _pending.DeleteEntityAsync(mark.PartitionKey, mark.RowKey, mark.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
            // Marked again since it was read (a turn queued meanwhile), or another claim removed it first.
        }
    }

    /// <summary>
    /// Marks every partition that has unsent rows, so rows queued before the index existed (or left unmarked by a
    /// crash, see above) are found. One scan of the reviews table, once per start.
    /// </summary>
    private async Task IndexUnmarkedOutboxAsync(CancellationToken cancellationToken)
    {
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to} and Sent eq false");
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _reviews.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
            partitions.Add(row.PartitionKey);
        var marked = (await PendingMarksAsync(cancellationToken)).Select(m => m.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var partition in partitions.Where(p => !marked.Contains(p)))
            await MarkOutboxPendingAsync(partition, cancellationToken);
    }

    private static Task ForEachPartitionAsync(List<TableEntity> marks, CancellationToken cancellationToken, Func<TableEntity, int, CancellationToken, Task> body) =>
        Parallel.ForEachAsync(
            marks.Select((mark, index) => (mark, index)),
            new ParallelOptions { MaxDegreeOfParallelism = PartitionParallelism, CancellationToken = cancellationToken },
            async (entry, token) => await body(entry.mark, entry.index, token));
}
