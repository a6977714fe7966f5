using Azure;
using Azure.Core;
using Azure.Data.Tables;
using DesignBot.Core.Events;
using DesignBot.Core.Json;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DesignBot.Storage.AzureTables;

/// <summary>
/// <see cref="IReviewStore"/> on Azure Table Storage (also Azure Cosmos DB for Table and Azurite, through the same SDK).
/// Table Storage is atomic only within one partition, so each review is one partition of {prefix}reviews holding
/// everything a turn writes: the review row (its ETag is the version), answer buckets, outbox rows, posted rows and
/// applied-event markers. A turn is then one entity-group transaction. Replies that concern no review queue in a
/// partition of their channel. Threads, channel listings, the inbox, the index of partitions with unsent messages
/// ({prefix}pending, see the outbox part) and the index of the reviews' wake times ({prefix}wakes, see the wakes part)
/// are tables of their own, written around turns. The wake index is not atomic with the turn: it may list a wake too
/// early or one no review has any more (a claim checks the review row and skips it), never miss one.
/// Query results are never assumed sorted (Cosmos DB does not sort them): order is made in memory.
/// Transient failures of any call become <see cref="TransientStoreException"/> in the client pipeline
/// (<see cref="TransientFailurePolicy"/>); nothing else is caught but the statuses each call expects (a race, a row
/// that is not there), so a wrong key or a missing table surfaces as the SDK reports it.
/// </summary>
public sealed partial class AzureTablesReviewStore : IReviewStore
{
    private const string InboxPartition = "inbox";
    private const int MaxTransactionActions = 100;

    // Processed inbox entries are kept this long (platform retries come within minutes), then deleted, at most once
    // a minute from PendingInboxAsync, so the inbox does not grow forever.
    private static readonly TimeSpan InboxRetention = TimeSpan.FromDays(7);
    private static readonly TimeSpan InboxCleanupInterval = TimeSpan.FromMinutes(1);

    // A Pending listing whose review never appeared is dropped once it is this old (younger, its commit may be in flight).
    private static readonly TimeSpan AbandonedListingAge = TimeSpan.FromHours(1);

    private readonly TableClient _reviews;
    private readonly TableClient _threads;
    private readonly TableClient _channels;
    private readonly TableClient _inbox;
    private readonly TableClient _pending;
    private readonly TableClient _wakes;
    private readonly TimeProvider _clock;
    private long _nextInboxCleanupTicks;

    /// <summary>Where the store reports what an operator should know; silent unless set (the DI registration sets it).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public AzureTablesReviewStore(AzureTablesStoreOptions options, TimeProvider? clock = null)
        : this(options, clock, configure: null)
    {
    }

    /// <summary>With <paramref name="configure"/>, tests shorten the SDK's retries (a refused connection is retried for seconds).</summary>
    internal AzureTablesReviewStore(AzureTablesStoreOptions options, TimeProvider? clock, Action<TableClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        var prefix = options.TablePrefix;
        // Table names are 3–63 letters and digits, starting with a letter; "channels" is the longest suffix.
        if (string.IsNullOrEmpty(prefix) || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit) || prefix.Length > 63 - "channels".Length)
            throw new ArgumentException($"Table prefix '{prefix}' must be 1–55 letters and digits, starting with a letter.", nameof(options));

        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(new TransientFailurePolicy(), HttpPipelinePosition.PerCall);
        configure?.Invoke(clientOptions);
        var service = new TableServiceClient(options.ConnectionString, clientOptions);
        _reviews = service.GetTableClient(prefix + "reviews");
        _threads = service.GetTableClient(prefix + "threads");
        _channels = service.GetTableClient(prefix + "channels");
        _inbox = service.GetTableClient(prefix + "inbox");
        _pending = service.GetTableClient(prefix + "pending");
        _wakes = service.GetTableClient(prefix + "wakes");
        _clock = clock ?? TimeProvider.System;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in new[] { _reviews, _threads, _channels, _inbox, _pending, _wakes })
            await table.CreateIfNotExistsAsync(cancellationToken);
        await IndexUnmarkedOutboxAsync(cancellationToken);
        await IndexUnlistedWakesAsync(cancellationToken);
        Log.StoreReady(Logger, _reviews.AccountName, _reviews.Name[..^"reviews".Length]);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in _reviews.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
                break;
            return true;
        }
        catch (TransientStoreException ex)
        {
            // Unreachable or throttled: not answering. A wrong key or a missing table throws, for the health check to show.
            Log.PingFailed(Logger, ex, (ex.InnerException as RequestFailedException)?.Status ?? 0, (ex.InnerException as RequestFailedException)?.ErrorCode);
            return false;
        }
    }

    // ---- inbox ----

    public async Task<bool> AcceptAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var entity = new TableEntity(InboxPartition, TableKeys.Escape(inbound.EventId))
        {
            ["Processed"] = false,
            ["ReceivedAt"] = StoreRules.ToText(receivedAt),
            ["Expires"] = _clock.GetUtcNow() + InboxRetention,
        };
        EntityText.WriteJson(entity, CoreJson.Serialize(inbound));
        try
        {
            await _inbox.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<InboxItem>> PendingInboxAsync(int max, CancellationToken cancellationToken = default)
    {
        await CleanUpInboxIfDueAsync(cancellationToken);
        // One partition, so no index but the key: all pending entries are read and ordered here. The set is small
        // (events wait only until a worker picks them up); insertion time, then key, breaks ties of ReceivedAt.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InboxPartition} and Processed eq false");
        var pending = new List<TableEntity>();
        await foreach (var entity in _inbox.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            pending.Add(entity);
        return
        [
            .. pending
                .Select(e => (Entity: e, ReceivedAt: StoreRules.FromText(e.GetString("ReceivedAt"))))
                .OrderBy(p => p.ReceivedAt).ThenBy(p => p.Entity.Timestamp).ThenBy(p => p.Entity.RowKey, StringComparer.Ordinal)
                .Take(max)
                .Select(p => new InboxItem(CoreJson.Deserialize<InboundEvent>(EntityText.ReadJson(p.Entity)), p.ReceivedAt)),
        ];
    }

    private async Task CleanUpInboxIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var due = Interlocked.Read(ref _nextInboxCleanupTicks);
        // Only the caller that moves the deadline on cleans up; the others go on at once.
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextInboxCleanupTicks, (now + InboxCleanupInterval).UtcTicks, due) != due)
            return;

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InboxPartition} and Processed eq true and Expires lt {now}");
        await BestEffortAsync(async () =>
        {
            await foreach (var expired in _inbox.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                await _inbox.DeleteEntityAsync(expired.PartitionKey, expired.RowKey, ETag.All, cancellationToken);
        });
    }

    private async Task<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        var entry = await GetRowAsync(_inbox, InboxPartition, TableKeys.Escape(eventId), ["Processed"], cancellationToken);
        return entry?.GetBoolean("Processed") == true;
    }

    private async Task MarkProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        try
        {
            await _inbox.UpdateEntityAsync(new TableEntity(InboxPartition, TableKeys.Escape(eventId)) { ["Processed"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (AzureErrors.IsMissingRow(ex))
        {
            // A turn for an event that was never accepted (a replay, a test): there is nothing to mark.
        }
    }

    // ---- reviews ----

    public async Task<ReviewSnapshot?> GetReviewAsync(string reviewId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reviewId);
        var partition = TableKeys.Escape(reviewId);
        if (await GetRowAsync(_reviews, partition, Rows.Review, null, cancellationToken) is not { } review)
            return null;

        // Answers and posted rows are read after the review row: anything that changed since comes with a newer
        // ETag, so a turn decided on this snapshot conflicts instead of committing on stale answers.
        var answers = new List<Answer>();
        var posted = new Dictionary<string, PostedMessage>(StringComparer.Ordinal);
        var (answersFrom, answersTo) = Rows.Range(AnswerBuckets.RowKeyPrefix);
        var (postedFrom, postedTo) = Rows.Range(Rows.PostedPrefix);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and ((RowKey ge {answersFrom} and RowKey lt {answersTo}) or (RowKey ge {postedFrom} and RowKey lt {postedTo}))");
        await foreach (var row in _reviews.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(Rows.PostedPrefix, StringComparison.Ordinal))
                posted[TableKeys.Unescape(row.RowKey[Rows.PostedPrefix.Length..])] = Rows.ReadPosted(row);
            else
                answers.AddRange(AnswerBuckets.Parse(EntityText.ReadJson(row)).Values);
        }

        var state = CoreJson.Deserialize<ReviewState>(EntityText.ReadJson(review));
        return new ReviewSnapshot(state, StoreRules.OrderAnswers(answers), posted, review.ETag.ToString());
    }

    public async Task<ThreadLink?> FindThreadAsync(ChannelRef channel, string threadId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(threadId);
        var row = await GetRowAsync(_threads, TableKeys.Escape(channel.Key), TableKeys.Escape(threadId), null, cancellationToken);
        return row is null ? null : new ThreadLink(row.GetString("ReviewId"), row.GetString("StepId"));
    }

    public async Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckCommit(commit);
        var decision = commit.Decision;

        // An event another worker already finished is not applied twice. (One that was applied but not yet marked
        // is caught by the applied-event marker inside the transaction.)
        if (commit.InboxEventId is { } eventId && await IsProcessedAsync(eventId, cancellationToken))
            return;

        if (decision.ReviewId is { } reviewId)
        {
            if (StoreRules.ChangesReview(decision) || decision.Messages.Count > 0)
                await CommitReviewTurnAsync(reviewId, decision, commit.ExpectedVersion, commit.InboxEventId, cancellationToken);
        }
        else
        {
            foreach (var replies in decision.Messages.GroupBy(m => m.Channel))
                await QueueChannelRepliesAsync(replies.Key, [.. replies], cancellationToken);
        }

        if (commit.InboxEventId is { } processed)
            await MarkProcessedAsync(processed, cancellationToken);
    }

    private async Task CommitReviewTurnAsync(string reviewId, Decision decision, string? expectedVersion, string? eventId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(reviewId);
        var buckets = decision.UpsertAnswers.Select(a => a.Id).Concat(decision.DeletedAnswerIds).Select(AnswerBuckets.Of).Distinct().ToList();
        // What the transaction builds on: the review row (next outbox seq, listed title and status) and the buckets it rewrites.
        var reading = ReadRowsAsync(_reviews, partition, [Rows.Review, .. buckets.Select(AnswerBuckets.RowKey)], cancellationToken);
        var collapsing = CollapsedUpdatesAsync(partition, decision.Messages, cancellationToken);
        await Task.WhenAll(reading, collapsing);
        var rows = await reading;
        var current = rows[Rows.Review];

        var actions = new List<TableTransactionAction>();
        // The marker goes first, so an event applied before is the failure the service reports.
        if (eventId is not null)
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, Rows.EventMarker(eventId))));

        // The wake index, before the transaction when the wake time changes (see the wakes part): added while the rest
        // of the turn is built and marked, so it costs the turn no round trip of its own.
        var preparingWake = PrepareWakeAsync(reviewId, current, decision.NewState, cancellationToken);
        var nextSeq = current?.GetInt64(Rows.NextSeq) ?? 1;
        var reviewActionAt = actions.Count;
        foreach (var bucket in buckets)
        {
            if (BucketAction(partition, bucket, rows[AnswerBuckets.RowKey(bucket)], decision) is { } action)
                actions.Add(action);
        }
        actions.AddRange(decision.Messages.Select((message, i) =>
            new TableTransactionAction(TableTransactionActionType.Add, Rows.Outbox(partition, nextSeq + i, reviewId, message))));
        // With the ETags they were read with: a row claimed since then is not dropped (the turn conflicts and decides again).
        actions.AddRange((await collapsing).Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)));

        // The listing lives in another table, so it cannot join the transaction: it is marked Pending before and
        // rewritten after. A reader that finds it Pending asks the review row, so no crash leaves it wrong for good.
        var listed = decision.NewState is { } state
            && (current is null || current.GetString("Title") != state.Title || current.GetString("Status") != state.Status.ToString());
        if (listed)
            await MarkListingPendingAsync(decision.NewState!, cancellationToken);

        // Likewise the outbox index: marked before, so no claimer misses the messages (see MarkOutboxPendingAsync).
        var markedAt = decision.Messages.Count > 0 ? await MarkOutboxPendingAsync(partition, cancellationToken) : (DateTimeOffset?)null;
        var (wakeEntry, wakeChange) = await preparingWake;
        actions.Insert(reviewActionAt, ReviewAction(partition, decision, expectedVersion, nextSeq + decision.Messages.Count, wakeEntry));
        bool submitted;
        bool? landed = null;
        try
        {
            submitted = await SubmitTurnAsync(partition, actions, eventId, $"Review '{reviewId}' is no longer at version '{expectedVersion}'.", cancellationToken);
            landed = submitted;
        }
        catch (ConcurrencyConflictException)
        {
            landed = false;
            throw;
        }
        finally
        {
            await RemarkIfSlowAsync(partition, markedAt);
            await SettleWakeAsync(reviewId, wakeChange, landed);
        }
        if (submitted && listed)
            await WriteListingAsync(decision.NewState!, null, cancellationToken);
    }

    private static TableTransactionAction ReviewAction(string partition, Decision decision, string? expectedVersion, long nextSeq, string? wakeEntry)
    {
        if (decision.NewState is not { } state)
        {
            // Answers or messages without a new state still move the version, so concurrent turns conflict.
            var bump = new TableEntity(partition, Rows.Review) { [Rows.NextSeq] = nextSeq };
            return new(TableTransactionActionType.UpdateMerge, bump, expectedVersion is null ? ETag.All : new ETag(expectedVersion));
        }

        var review = new TableEntity(partition, Rows.Review)
        {
            ["Title"] = state.Title,
            ["Status"] = state.Status.ToString(),
            ["ChannelKey"] = state.Channel.Key,
            ["CreatedAt"] = StoreRules.ToText(state.CreatedAt),
            [Rows.NextSeq] = nextSeq,
        };
        // The wake index entry that stands for the state's NextWakeAt; a replace without it removes it.
        if (wakeEntry is not null)
            review[WakeEntry] = wakeEntry;
        EntityText.WriteJson(review, CoreJson.Serialize(state));
        if (decision.IsNewReview)
            return new(TableTransactionActionType.Add, review);
        if (expectedVersion is null)
            throw new ConcurrencyConflictException($"Review '{state.Id}' changes without a version to check.");
        return new(TableTransactionActionType.UpdateReplace, review, new ETag(expectedVersion));
    }

    private static TableTransactionAction? BucketAction(string partition, int bucket, TableEntity? existing, Decision decision)
    {
        var answers = existing is null ? [] : AnswerBuckets.Parse(EntityText.ReadJson(existing));
        foreach (var answerId in decision.DeletedAnswerIds.Where(id => AnswerBuckets.Of(id) == bucket))
            answers.Remove(answerId);
        foreach (var answer in decision.UpsertAnswers.Where(a => AnswerBuckets.Of(a.Id) == bucket))
            answers[answer.Id] = answer;

        if (answers.Count == 0)
            return existing is null ? null : new(TableTransactionActionType.Delete, existing, existing.ETag);
        var entity = new TableEntity(partition, AnswerBuckets.RowKey(bucket));
        EntityText.WriteJson(entity, AnswerBuckets.Format(answers.Values));
        // The bucket's own ETag guards it as well, though every writer of answers also moves the review row.
        return existing is null
            ? new(TableTransactionActionType.Add, entity)
            : new(TableTransactionActionType.UpdateReplace, entity, existing.ETag);
    }

    /// <summary>
    /// Replies that concern no review queue in their channel's partition, behind a sequence counter row. Each key gets
    /// a row of its own, so a reply queued before (the same event committed twice, a late platform retry) is not queued again.
    /// </summary>
    private async Task QueueChannelRepliesAsync(ChannelRef channel, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(OutboxItem.ChannelPartition(channel));
        var distinct = messages.DistinctBy(m => m.Key).ToList();
        var rows = await ReadRowsAsync(_reviews, partition, [Rows.Counter, .. distinct.Select(m => Rows.QueuedKey(m.Key))], cancellationToken);
        var fresh = distinct.Where(m => rows[Rows.QueuedKey(m.Key)] is null).ToList();
        if (fresh.Count == 0)
            return;

        var counter = rows[Rows.Counter];
        var nextSeq = counter?.GetInt64(Rows.NextSeq) ?? 1;
        var advanced = new TableEntity(partition, Rows.Counter) { [Rows.NextSeq] = nextSeq + fresh.Count };
        var actions = new List<TableTransactionAction>
        {
            counter is null ? new(TableTransactionActionType.Add, advanced) : new(TableTransactionActionType.UpdateReplace, advanced, counter.ETag),
        };
        for (var i = 0; i < fresh.Count; i++)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, Rows.QueuedKey(fresh[i].Key)) { ["Seq"] = nextSeq + i }));
            actions.Add(new(TableTransactionActionType.Add, Rows.Outbox(partition, nextSeq + i, null, fresh[i])));
        }
        // Two turns queueing in one channel at once race on the counter or a key; the loser decides again.
        var markedAt = await MarkOutboxPendingAsync(partition, cancellationToken);
        try
        {
            await SubmitTurnAsync(partition, actions, null, $"Channel '{channel.Key}' queued other replies meanwhile.", cancellationToken);
        }
        finally
        {
            await RemarkIfSlowAsync(partition, markedAt);
        }
    }

    /// <summary>Submits one turn's transaction; false when the event's marker shows the turn was applied already.</summary>
    private async Task<bool> SubmitTurnAsync(string partition, List<TableTransactionAction> actions, string? eventId, string conflict, CancellationToken cancellationToken)
    {
        if (actions.Count > MaxTransactionActions)
            throw new InvalidOperationException($"A turn of {actions.Count} writes does not fit in one transaction (at most {MaxTransactionActions}).");
        try
        {
            if (BeforeTurnSubmit is { } hook)
                await hook();
            await _reviews.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
            // Asked rather than read off the failed action's index, which not every service reports alike.
            if (eventId is not null && await RowExistsAsync(_reviews, partition, Rows.EventMarker(eventId), cancellationToken))
                return false;
            throw new ConcurrencyConflictException(conflict, ex);
        }
    }

    // ---- channel listings ----

    public async Task<IReadOnlyList<ReviewListing>> ListReviewsAsync(ChannelRef channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var listings = new List<ReviewListing>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(channel.Key)}");
        await foreach (var row in _channels.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Pending") != true)
                listings.Add(Rows.ReadListing(row));
            else if (await ResolvePendingListingAsync(row, cancellationToken) is { } resolved)
                listings.Add(resolved);
        }
        return [.. listings.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A Pending listing was marked ahead of a commit that may not have landed: the review row decides. (A listing's
    /// RowKey is the escaped review id, which is also the review's partition.)
    /// </summary>
    private async Task<ReviewListing?> ResolvePendingListingAsync(TableEntity listing, CancellationToken cancellationToken)
    {
        if (await GetRowAsync(_reviews, listing.RowKey, Rows.Review, null, cancellationToken) is not { } review)
        {
            if (listing.Timestamp < _clock.GetUtcNow() - AbandonedListingAge)
                await BestEffortAsync(() => _channels.DeleteEntityAsync(listing.PartitionKey, listing.RowKey, listing.ETag, cancellationToken));
            return null;
        }

        var state = CoreJson.Deserialize<ReviewState>(EntityText.ReadJson(review));
        // Repair it, unless a newer commit marked it again meanwhile (then the ETag no longer matches).
        await WriteListingAsync(state, listing.ETag, cancellationToken);
        return new ReviewListing(state.Id, state.Title, state.Owner, state.Status, state.CreatedAt);
    }

    private Task MarkListingPendingAsync(ReviewState state, CancellationToken cancellationToken) =>
        _channels.UpsertEntityAsync(Rows.PendingListing(state), TableUpdateMode.Merge, cancellationToken);

    /// <summary>Best effort: if it fails the row stays Pending, and readers take the review row instead.</summary>
    private Task WriteListingAsync(ReviewState state, ETag? ifMatch, CancellationToken cancellationToken) =>
        BestEffortAsync(() => ifMatch is { } etag
            ? _channels.UpdateEntityAsync(Rows.Listing(state), etag, TableUpdateMode.Replace, cancellationToken)
            : _channels.UpsertEntityAsync(Rows.Listing(state), TableUpdateMode.Replace, cancellationToken));

    // ---- helpers ----

    /// <summary>
    /// For writes that readers can do without (a listing repaired later, an expired entry deleted next time): a lost race
    /// or a bad moment is let go. Not an authorization or configuration error — that would fail every later call too,
    /// and surfaces here as it does everywhere.
    /// </summary>
    private static async Task BestEffortAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (RequestFailedException ex) when (AzureErrors.IsRace(ex))
        {
        }
        catch (TransientStoreException)
        {
        }
    }

    /// <summary>Point reads of several rows of one partition at once; a missing row maps to null.</summary>
    private static async Task<Dictionary<string, TableEntity?>> ReadRowsAsync(TableClient table, string partition, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var keys = rowKeys.Distinct().ToList();
        var reads = await Task.WhenAll(keys.Select(key => GetRowAsync(table, partition, key, null, cancellationToken)));
        return keys.Zip(reads).ToDictionary(pair => pair.First, pair => pair.Second);
    }

    private static async Task<bool> RowExistsAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken) =>
        await GetRowAsync(table, partition, rowKey, ["RowKey"], cancellationToken) is not null;

    /// <summary>
    /// A point read; null when the row is not there. Not GetEntityIfExistsAsync: it answers "no row" for a missing table
    /// too, and a missing table is a configuration error that must surface.
    /// </summary>
    private static async Task<TableEntity?> GetRowAsync(TableClient table, string partition, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        try
        {
            return (await table.GetEntityAsync<TableEntity>(partition, rowKey, select, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (AzureErrors.IsMissingRow(ex))
        {
            return null;
        }
    }
}
