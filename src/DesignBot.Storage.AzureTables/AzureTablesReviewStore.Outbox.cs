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
    private const int MaxErrorLength = 1000;

    public async Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var until = now + lease;
        var candidates = (await UnsentHeadsAsync(cancellationToken))
            .Where(head => IsClaimable(head, now))
            .OrderBy(head => EntityText.FromText(head, NotBefore) ?? DateTimeOffset.MinValue)
            .ThenBy(head => head.PartitionKey, StringComparer.Ordinal)
            .Take(max)
            .ToList();
        var claims = await Task.WhenAll(candidates.Select(head => TryClaimAsync(head, owner, until, cancellationToken)));
        return [.. claims.OfType<OutboxItem>()];
    }

    /// <summary>
    /// The head (lowest unsent seq) of every partition. Only heads are candidates: while a head is leased or waits
    /// for its retry, the partition's later messages wait too, so a review's messages go out strictly in order.
    /// This scans all partitions (the service filters, but reads the whole table).
    /// </summary>
    private async Task<IEnumerable<TableEntity>> UnsentHeadsAsync(CancellationToken cancellationToken)
    {
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to} and Sent eq false");
        var heads = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in _reviews.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!heads.TryGetValue(row.PartitionKey, out var head) || string.CompareOrdinal(row.RowKey, head.RowKey) < 0)
                heads[row.PartitionKey] = row;
        }
        return heads.Values;
    }

    private static bool IsClaimable(TableEntity head, DateTimeOffset now) =>
        (EntityText.FromText(head, NotBefore) is not { } notBefore || notBefore <= now)
        && (EntityText.FromText(head, LeaseUntil) is not { } leaseUntil || leaseUntil < now);

    private async Task<OutboxItem?> TryClaimAsync(TableEntity head, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        head[LeaseOwner] = owner;
        head[LeaseUntil] = EntityText.ToText(until);
        try
        {
            await _reviews.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another host claimed (or finished) it since we read it.
            return null;
        }
        return new OutboxItem(
            TableKeys.Unescape(head.PartitionKey), Rows.OutboxSeq(head.RowKey), head.GetString("ReviewId"),
            CoreJson.Deserialize<OutboundMessage>(EntityText.ReadJson(head)), head.GetInt32("Attempts") ?? 0, owner, until);
    }

    public async Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default)
    {
        var row = await _reviews.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(reviewId), Rows.Posted(key), cancellationToken: cancellationToken);
        return row.HasValue ? Rows.ReadPosted(row.Value!) : null;
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
        ClearLease(row);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, row, row.ETag) };
        if (posted is not null && item.ReviewId is not null)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, Rows.PostedRow(row.PartitionKey, item.Message.Key, posted)));
            // Where a message landed is part of the review: touching the review row changes its ETag, so a turn
            // decided without this message's timestamp (the timestamp rule needs it) must reload.
            var touch = new TableEntity(row.PartitionKey, Rows.Review) { ["LastPostedAt"] = EntityText.ToText(posted.PostedAt) };
            actions.Add(new(TableTransactionActionType.UpdateMerge, touch, ETag.All));
        }
        try
        {
            await _reviews.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw LeaseLost(item, ex);
        }
    }

    /// <summary>Completes, then claims the same partition's next message if due: a partition query, not a table scan.</summary>
    public async Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await CompleteOutboxAsync(item, posted, cancellationToken);
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        var partition = TableKeys.Escape(item.Partition);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to} and Sent eq false");
        TableEntity? head = null;
        await foreach (var row in _reviews.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (head is null || string.CompareOrdinal(row.RowKey, head.RowKey) < 0)
                head = row;
        }
        return head is not null && IsClaimable(head, now) ? await TryClaimAsync(head, item.LeaseOwner!, now + lease, cancellationToken) : null;
    }

    public async Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(error);
        // If the lease was lost meanwhile, another host owns the message now and its attempt counts, not ours: a
        // no-op is right (and the dispatcher calls this from a catch block, where throwing would escape).
        if (await ReadLeasedRowAsync(item, cancellationToken) is not { } row)
            return;
        row["Attempts"] = (row.GetInt32("Attempts") ?? 0) + 1;
        row[NotBefore] = EntityText.ToText(notBefore);
        row["LastError"] = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        ClearLease(row);
        await TryReplaceAsync(row, cancellationToken);
    }

    public async Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to} and Sent eq false and LeaseOwner eq {owner}");
        await foreach (var row in _reviews.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            ClearLease(row);
            await TryReplaceAsync(row, cancellationToken);
        }
    }

    public async Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        var (from, to) = Rows.Range(Rows.OutboxPrefix);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to} and Sent eq false");
        var count = 0;
        await foreach (var _ in _reviews.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            count++;
        return count;
    }

    /// <summary>
    /// The claimed row, if this claim still holds it. A lease is owner and expiry together: the same host
    /// re-claiming after expiry holds a new lease, and the old claim is lost.
    /// </summary>
    private async Task<TableEntity?> ReadLeasedRowAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var read = await _reviews.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(item.Partition), Rows.OutboxRow(item.Sequence), cancellationToken: cancellationToken);
        if (!read.HasValue || read.Value is not { } row)
            return null;
        var held = row.GetBoolean("Sent") != true
            && row.GetString(LeaseOwner) == item.LeaseOwner
            && row.GetString(LeaseUntil) == (item.LeaseUntil is { } until ? EntityText.ToText(until) : null);
        return held ? row : null;
    }

    /// <summary>Writes a row read before, unless it changed since (then another host has taken it over).</summary>
    private async Task TryReplaceAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _reviews.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
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
}
