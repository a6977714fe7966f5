using Azure;
using Azure.Data.Tables;
using DesignBot.Core.Json;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables;

// ---- the wake index ----
//
// {prefix}wakes holds the reviews' wake times: PartitionKey "wake", RowKey "{wake time}|{review}|{unique}" (the time
// in StoreRules.TimeFormat, so due entries are a key range and come oldest first), ReviewId, WrittenAt (this store's
// clock) and, while claimed, LeaseOwner / LeaseUntil. The review row names its live entry in WakeEntry, written in the
// turn's transaction. Table transactions do not span tables, so the index cannot change atomically with the turn; it
// may hold too much (an early or spurious entry is harmless: a claim checks the review and skips it, and the engine
// sends nothing that is not due) but must never miss a review's wake time (a reminder never sent). Why it does not:
// 1. A turn that changes NextWakeAt adds its new entry (a key nobody else ever writes) BEFORE it submits, and names it
//    in the review row in the same transaction. Once the turn lands, the entry is there.
// 2. Only after the turn landed does it delete the entry the review named before (that entry is no review's any more).
//    A turn that did not land (a conflict, or its event applied already) deletes its own new entry: nobody names it.
// 3. A claim takes an entry only when the review row names it. An entry the review does not name is either stale (its
//    turn failed, or a crash came between a turn and step 2) or in flight (its turn has not landed yet): the claim
//    deletes it only when WrittenAt is older than WakeGrace, with the ETag it read, and otherwise leaves it alone.
// 4. A turn whose submit returns later than PendingRemarkAfter after it added its entry adds it again (if a claim took
//    it for stale meanwhile), as the outbox index remarks; and InitializeAsync adds the entry of every review row whose
//    WakeEntry is missing from the index, which covers a slow turn that crashed right after landing.
// A turn that keeps NextWakeAt keeps WakeEntry, so the entry and its lease stay; a changed time is a new, unleased entry.
public sealed partial class AzureTablesReviewStore
{
    private const string WakePartition = "wake";
    private const string WakeEntry = "WakeEntry";
    private const string WrittenAt = "WrittenAt";

    /// <summary>How long an entry no review names is left alone (its turn may still land), as the outbox marks' grace.</summary>
    internal static readonly TimeSpan WakeGrace = PendingMarkGrace;

    /// <summary>A turn's change of the index: the entry the review named before, and the one it names now (added before the submit).</summary>
    private sealed record WakeChange(string? Old, string? New, DateTimeOffset? AddedAt);

    /// <summary>
    /// Step 1: when the turn changes the review's wake time, adds its new entry now and returns the change; the entry the
    /// review row must name is the change's New, or (unchanged) the one it names already.
    /// </summary>
    private async Task<(string? Entry, WakeChange? Change)> PrepareWakeAsync(string reviewId, TableEntity? current, ReviewState? state, CancellationToken cancellationToken)
    {
        var old = current?.GetString(WakeEntry);
        if (state is null)
            return (old, null);
        if (state.NextWakeAt == WakeTime(old))
            return (old, null);
        if (state.NextWakeAt is not { } wakeAt)
            return (null, new WakeChange(old, null, null));
        var entry = $"{StoreRules.ToText(wakeAt)}|{TableKeys.Escape(reviewId)}|{Guid.NewGuid():N}";
        var addedAt = await AddWakeEntryAsync(entry, reviewId, cancellationToken);
        return (entry, new WakeChange(old, entry, addedAt));
    }

    /// <summary>Steps 2 and 4, once the submit returned (<paramref name="landed"/> true), failed for sure (false) or failed with the outcome unknown (null).</summary>
    private async Task SettleWakeAsync(string reviewId, WakeChange? change, bool? landed)
    {
        if (change is null)
            return;
        // Not cancellable: the turn has landed (or not) whatever its caller wants now, and the index must follow.
        if (landed == false)
        {
            if (change.New is { } unnamed)
                await BestEffortAsync(() => _wakes.DeleteEntityAsync(WakePartition, unnamed, ETag.All, CancellationToken.None));
            return;
        }
        if (change.New is { } entry && change.AddedAt is { } at && _clock.GetUtcNow() - at > PendingRemarkAfter)
            await BestEffortAsync(() => AddWakeEntryAsync(entry, reviewId, CancellationToken.None));
        if (landed == true && change.Old is { } old)
            await BestEffortAsync(() => _wakes.DeleteEntityAsync(WakePartition, old, ETag.All, CancellationToken.None));
    }

    /// <summary>Adds an entry unless it is there already (then it keeps its lease); returns its WrittenAt.</summary>
    private async Task<DateTimeOffset> AddWakeEntryAsync(string entry, string reviewId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        try
        {
            await _wakes.AddEntityAsync(new TableEntity(WakePartition, entry) { ["ReviewId"] = reviewId, [WrittenAt] = StoreRules.ToText(now) }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }
        return now;
    }

    /// <summary>The wake time an entry's key starts with; null for no entry.</summary>
    private static DateTimeOffset? WakeTime(string? entry) =>
        entry is null ? null : StoreRules.FromText(entry[..entry.IndexOf('|', StringComparison.Ordinal)]);

    public async Task<IReadOnlyList<DueWake>> ClaimDueWakesAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        // Every key of an entry due at or before now is below "{now}}": '|' sorts before '}'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WakePartition} and RowKey lt {StoreRules.ToText(now) + "}"}");
        var entries = new List<TableEntity>();
        await foreach (var entry in _wakes.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            entries.Add(entry);

        var claimed = new List<DueWake>();
        // Oldest first; the key's time is its prefix, ties go by review id.
        foreach (var entry in entries.OrderBy(e => WakeTime(e.RowKey)).ThenBy(e => e.GetString("ReviewId"), StringComparer.Ordinal))
        {
            if (claimed.Count >= max)
                break;
            if (!StoreRules.IsClaimable(null, EntityText.FromText(entry, LeaseUntil), now))
                continue;
            var reviewId = entry.GetString("ReviewId");
            var review = await GetRowAsync(_reviews, TableKeys.Escape(reviewId), Rows.Review, null, cancellationToken);
            if (review?.GetString(WakeEntry) != entry.RowKey)
            {
                await DropUnnamedWakeAsync(entry, cancellationToken);
                continue;
            }
            var state = CoreJson.Deserialize<ReviewState>(EntityText.ReadJson(review));
            entry[LeaseOwner] = owner;
            entry[LeaseUntil] = StoreRules.ToText(now + lease);
            try
            {
                await _wakes.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
            {
                // Another host claimed it since we read it, or the turn it caused retired it.
                continue;
            }
            claimed.Add(new DueWake(reviewId, state.Channel, WakeTime(entry.RowKey)!.Value));
        }
        return claimed;
    }

    /// <summary>Step 3: an entry no review names is deleted once it is older than the grace (younger, its turn may still land).</summary>
    private async Task DropUnnamedWakeAsync(TableEntity entry, CancellationToken cancellationToken)
    {
        if (EntityText.FromText(entry, WrittenAt) is { } writtenAt && _clock.GetUtcNow() - writtenAt <= WakeGrace)
            return;
        await BestEffortAsync(() => _wakes.DeleteEntityAsync(WakePartition, entry.RowKey, entry.ETag, cancellationToken));
    }

    public async Task ReleaseWakeLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WakePartition} and LeaseOwner eq {owner}");
        await foreach (var entry in _wakes.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            ClearLease(entry);
            await TryReplaceWakeAsync(entry, cancellationToken);
        }
    }

    private async Task TryReplaceWakeAsync(TableEntity entry, CancellationToken cancellationToken)
    {
        try
        {
            await _wakes.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
            // Claimed again, or retired by a turn, since it was read.
        }
    }

    /// <summary>
    /// Step 4's safety net: every review row's WakeEntry is in the index. One scan of the review rows, once per start.
    /// </summary>
    private async Task IndexUnlistedWakesAsync(CancellationToken cancellationToken)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in _wakes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WakePartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
            listed.Add(entry.RowKey);
        // A property compared with '' matches only rows that have it.
        var filter = TableClient.CreateQueryFilter($"RowKey eq {Rows.Review} and WakeEntry gt {""}");
        await foreach (var review in _reviews.QueryAsync<TableEntity>(filter, select: ["PartitionKey", WakeEntry], cancellationToken: cancellationToken))
        {
            if (review.GetString(WakeEntry) is { } entry && !listed.Contains(entry))
                await AddWakeEntryAsync(entry, TableKeys.Unescape(review.PartitionKey), cancellationToken);
        }
    }
}
