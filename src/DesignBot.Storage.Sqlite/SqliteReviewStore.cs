using System.Collections.Concurrent;
using System.Globalization;
using DesignBot.Core.Events;
using DesignBot.Core.Json;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DesignBot.Storage.Sqlite;

/// <summary>
/// <see cref="IReviewStore"/> on one SQLite file. Every write (a turn, a claim, a completed send) is one unit
/// of <see cref="SqliteConnections"/>' group commit: all-or-nothing, and done when its commit is. The review's
/// version is an integer bumped on every write of its state.
/// One process owns the file (a lock file next to it says so; a second host on the same file fails at start),
/// which lets the store trust what it keeps in memory: review snapshots, thread links and posted messages.
/// </summary>
public sealed class SqliteReviewStore : IReviewStore, IDisposable
{
    // Timestamps in columns are UTC, fixed width, 7 fractional digits: exact to the tick and ordered as text,
    // so "not_before <= $now" compares correctly. Values inside JSON keep their offset as well.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reviews (
            id          TEXT PRIMARY KEY,
            channel_key TEXT NOT NULL,
            title       TEXT NOT NULL,
            status      TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            version     INTEGER NOT NULL,
            state_json  TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_reviews_channel ON reviews (channel_key, created_at);

        CREATE TABLE IF NOT EXISTS answers (
            review_id      TEXT NOT NULL,
            id             TEXT NOT NULL,
            step_id        TEXT NOT NULL,
            question_index INTEGER NOT NULL,
            sent_at        TEXT NOT NULL,
            json           TEXT NOT NULL,
            PRIMARY KEY (review_id, id));

        -- Where each of a review's messages landed. Kept beside the review row (not in its JSON) so that
        -- recording a post is a small insert, not a rewrite of the whole state.
        CREATE TABLE IF NOT EXISTS posted (
            review_id   TEXT NOT NULL,
            msg_key     TEXT NOT NULL,
            message_id  TEXT NOT NULL,
            thread_id   TEXT NOT NULL,
            posted_at   TEXT NOT NULL,
            PRIMARY KEY (review_id, msg_key));

        CREATE TABLE IF NOT EXISTS threads (
            channel_key TEXT NOT NULL,
            thread_id   TEXT NOT NULL,
            review_id   TEXT NOT NULL,
            step_id     TEXT NOT NULL,
            PRIMARY KEY (channel_key, thread_id));

        CREATE TABLE IF NOT EXISTS inbox (
            event_id    TEXT PRIMARY KEY,
            received_at TEXT NOT NULL,
            event_json  TEXT NOT NULL,
            processed   INTEGER NOT NULL DEFAULT 0);
        -- Entries of an index carry the rowid, so this serves "WHERE processed = 0 ORDER BY rowid".
        CREATE INDEX IF NOT EXISTS ix_inbox_pending ON inbox (processed) WHERE processed = 0;

        -- not_before NULL means due at once. Sent rows stay: their keys dedupe retried channel replies.
        CREATE TABLE IF NOT EXISTS outbox (
            partition    TEXT NOT NULL,
            seq          INTEGER NOT NULL,
            msg_key      TEXT NOT NULL,
            review_id    TEXT,
            message_json TEXT NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            not_before   TEXT,
            lease_owner  TEXT,
            lease_until  TEXT,
            sent         INTEGER NOT NULL DEFAULT 0,
            last_error   TEXT,
            PRIMARY KEY (partition, seq),
            UNIQUE (partition, msg_key));
        CREATE INDEX IF NOT EXISTS ix_outbox_unsent ON outbox (partition, seq) WHERE sent = 0;
        """;

    // synchronous=NORMAL is durable enough under WAL (a power cut may lose the last commits, never corrupt).
    private const string InsertReview = """
        INSERT OR IGNORE INTO reviews (id, channel_key, title, status, created_at, version, state_json)
        VALUES ($id, $channel, $title, $status, $created, 1, $state)
        """;

    private const string UpdateReview = """
        UPDATE reviews SET channel_key = $channel, title = $title, status = $status, state_json = $state, version = version + 1
        WHERE id = $id AND version = $expected
        """;

    private const string SelectReview = "SELECT version, state_json FROM reviews WHERE id = $id";

    
    private const string BumpVersion = "UPDATE reviews SET version = version + 1 WHERE id = $id RETURNING version";
    private const string SavePosted = """
        INSERT OR REPLACE INTO posted (review_id, msg_key, message_id, thread_id, posted_at)
        VALUES ($review, $key, $message, $thread, $at)
        """;
    private const string SelectPosted = "SELECT msg_key, message_id, thread_id, posted_at FROM posted WHERE review_id = $review";
    private const string SelectOnePosted = "SELECT msg_key, message_id, thread_id, posted_at FROM posted WHERE review_id = $review AND msg_key = $key";

    private const string SelectChannelReviews = "SELECT state_json FROM reviews WHERE channel_key = $channel ORDER BY created_at DESC, id DESC";

    private const string SelectAnswers = "SELECT json FROM answers WHERE review_id = $review ORDER BY step_id, question_index, sent_at, id";

    private const string UpsertAnswer = """
        INSERT INTO answers (review_id, id, step_id, question_index, sent_at, json)
        VALUES ($review, $id, $step, $question, $sent, $json)
        ON CONFLICT (review_id, id) DO UPDATE SET
            step_id = excluded.step_id, question_index = excluded.question_index, sent_at = excluded.sent_at, json = excluded.json
        """;

    private const string DeleteAnswer = "DELETE FROM answers WHERE review_id = $review AND id = $id";

    private const string SelectThread = "SELECT review_id, step_id FROM threads WHERE channel_key = $channel AND thread_id = $thread";

    private const string SaveThread = "INSERT OR REPLACE INTO threads (channel_key, thread_id, review_id, step_id) VALUES ($channel, $thread, $review, $step)";

    private const string InsertInbox = "INSERT OR IGNORE INTO inbox (event_id, received_at, event_json, processed) VALUES ($id, $received, $json, 0)";

    private const string SelectPendingInbox = "SELECT event_json, received_at FROM inbox WHERE processed = 0 ORDER BY rowid LIMIT $max";

    private const string SelectInboxProcessed = "SELECT processed FROM inbox WHERE event_id = $id";
    private const string MarkInboxProcessed = "UPDATE inbox SET processed = 1 WHERE event_id = $id";

    // The next sequence number is taken inside the write transaction, so it cannot race; OR IGNORE skips a
    // message whose key the partition already holds (a retried event queuing the same reply again).
    private const string QueueMessage = """
        INSERT OR IGNORE INTO outbox (partition, seq, msg_key, review_id, message_json)
        SELECT $partition, COALESCE(MAX(seq), 0) + 1, $key, $review, $json FROM outbox WHERE partition = $partition
        """;

    // Only the head (lowest unsent seq) of each partition is a candidate: while it is leased or not yet due,
    // the partition waits, so a review's messages go out strictly in order.
    private const string SelectClaimable = """
        SELECT o.partition, o.seq, o.review_id, o.message_json, o.attempts
        FROM outbox o
        JOIN (SELECT partition, MIN(seq) AS seq FROM outbox WHERE sent = 0 GROUP BY partition) head
          ON o.partition = head.partition AND o.seq = head.seq
        WHERE (o.not_before IS NULL OR o.not_before <= $now)
          AND (o.lease_until IS NULL OR o.lease_until < $now)
        ORDER BY o.not_before, o.partition
        LIMIT $max
        """;

    private const string SelectPartitionHead = """
        SELECT partition, seq, review_id, message_json, attempts FROM (
            SELECT * FROM outbox WHERE partition = $partition AND sent = 0 ORDER BY seq LIMIT 1)
        WHERE (not_before IS NULL OR not_before <= $now) AND (lease_until IS NULL OR lease_until < $now)
        """;

    private const string ReleaseLeases = "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE sent = 0 AND lease_owner = $owner";

    private const string LeaseMessage = "UPDATE outbox SET lease_owner = $owner, lease_until = $until WHERE partition = $partition AND seq = $seq";

    // A lease is identified by owner and expiry together: the same host re-claiming after expiry is a new lease.
    private const string HeldByLease = "partition = $partition AND seq = $seq AND sent = 0 AND lease_owner = $owner AND lease_until = $until";

    private const string CompleteMessage = "UPDATE outbox SET sent = 1, lease_owner = NULL, lease_until = NULL WHERE " + HeldByLease;

    private const string RetryMessage =
        "UPDATE outbox SET attempts = attempts + 1, not_before = $notBefore, lease_owner = NULL, lease_until = NULL, last_error = $error WHERE "
        + HeldByLease;

    private const string CountUnsent = "SELECT COUNT(*) FROM outbox WHERE sent = 0";
    // Each queue's head (SQLite takes the bare column from the row with the MIN) is its longest-waiting message.
    private const string UnsentHeadsQueuedAt = "SELECT json_extract(message_json, '$.origin.queuedAt'), MIN(seq) FROM outbox WHERE sent = 0 GROUP BY partition";

    private readonly string _path;
    private readonly SqliteConnections _connections;

    private static readonly IReadOnlyDictionary<string, PostedMessage> s_noPosted = new Dictionary<string, PostedMessage>();

    // The latest snapshot of each review, as of its version. A turn nearly always loads what the previous turn
    // or send just wrote, so keeping it saves reading and parsing every answer. Every write of a review moves its
    // entry on right after its commit, in commit order, and no other process writes the file. When a write
    // cannot build the new snapshot (no entry to start from) it leaves the new version without a snapshot, so a
    // load that read the file just before that commit cannot put its older snapshot back. A turn that read an
    // entry in the moment between a commit and its update fails its version check, which drops the entry.
    private readonly ConcurrentDictionary<string, Kept> _snapshots = new();

    /// <summary>The newest version of a review this process wrote or read, and its snapshot when known.</summary>
    private sealed record Kept(long Version, ReviewSnapshot? Snapshot);

    // Thread links never change once written, so a link found once is kept.
    private readonly ConcurrentDictionary<(string Channel, string Thread), ThreadLink> _threads = new();

    private FileStream? _ownerLock;

    /// <summary>Where the store reports what an operator should know; silent unless set (the DI registration sets it).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public SqliteReviewStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _path = Path.GetFullPath(options.Path);
        _connections = new SqliteConnections(_path);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (Path.GetDirectoryName(_path) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
        _ownerLock ??= LockFile(_path);
        // WAL is a property of the file, so setting it once is enough; readers then never block the writer.
        await _connections.WriteAloneAsync(connection => Execute(connection, "PRAGMA journal_mode = WAL"), cancellationToken);
        await _connections.WriteAsync(connection => Execute(connection, Schema), cancellationToken: cancellationToken);
        Log.StoreOpened(Logger, _path);
    }

    // Held open, exclusively, for as long as the store is: the operating system releases it when the process
    // ends, however it ends (a kill -9 included).
    private static FileStream LockFile(string path)
    {
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another process is using the SQLite database '{path}'. The SQLite store serves one DesignBot host; "
                + "stop the other one, give this one its own Storage:Sqlite:Path, or use Azure Table Storage to run several hosts.", ex);
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        using var reading = _connections.Read();
        var connection = reading.Connection;
        var command = Command(connection, "SELECT 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    // ---- inbox ----

    public async Task<bool> AcceptAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var json = CoreJson.Serialize(inbound); // before queueing for the writer, which every write waits for
        var received = ToText(receivedAt);
        return await _connections.WriteAsync(
            connection => Execute(connection, InsertInbox, ("$id", inbound.EventId), ("$received", received), ("$json", json)) == 1,
            cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<InboxItem>> PendingInboxAsync(int max, CancellationToken cancellationToken = default)
    {
        using var reading = _connections.Read();
        var connection = reading.Connection;
        var command = Command(connection, SelectPendingInbox, ("$max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<InboxItem>();
        while (await reader.ReadAsync(cancellationToken))
            items.Add(new InboxItem(CoreJson.Deserialize<InboundEvent>(reader.GetString(0)), FromText(reader.GetString(1))));
        return items;
    }

    // ---- reviews ----

    public async Task<ReviewSnapshot?> GetReviewAsync(string reviewId, CancellationToken cancellationToken = default)
    {
        if (_snapshots.TryGetValue(reviewId, out var kept) && kept.Snapshot is { } cached)
            return cached;
        using var reading = _connections.Read();
        var connection = reading.Connection;
        // A read transaction, so the state and the answers come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        long version;
        string stateJson;
        await using (var reader = await Command(connection, SelectReview, ("$id", reviewId)).ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            version = reader.GetInt64(0);
            stateJson = reader.GetString(1);
        }

        var answers = new List<Answer>();
        await using (var reader = await Command(connection, SelectAnswers, ("$review", reviewId)).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                answers.Add(CoreJson.Deserialize<Answer>(reader.GetString(0)));
        }

        var posted = await ReadPostedAsync(connection, SelectPosted, cancellationToken, ("$review", reviewId));
        var state = CoreJson.Deserialize<ReviewState>(stateJson) with { Posted = posted };
        var loaded = new Kept(version, new ReviewSnapshot(state, answers, VersionText(version)));
        // Kept unless a write meanwhile moved the review on.
        _snapshots.AddOrUpdate(reviewId, loaded, (_, existing) => existing.Version >= version ? existing : loaded);
        return loaded.Snapshot;
    }

    public async Task<IReadOnlyList<ReviewListing>> ListReviewsAsync(ChannelRef channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var reading = _connections.Read();
        var connection = reading.Connection;
        var command = Command(connection, SelectChannelReviews, ("$channel", channel.Key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var listings = new List<ReviewListing>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = CoreJson.Deserialize<ReviewState>(reader.GetString(0));
            listings.Add(new ReviewListing(state.Id, state.Title, state.Owner, state.Status, state.CreatedAt));
        }
        return listings;
    }

    public async Task<ThreadLink?> FindThreadAsync(ChannelRef channel, string threadId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (_threads.TryGetValue((channel.Key, threadId), out var known))
            return known;
        using var reading = _connections.Read();
        var connection = reading.Connection;
        var command = Command(connection, SelectThread, ("$channel", channel.Key), ("$thread", threadId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return _threads[(channel.Key, threadId)] = new ThreadLink(reader.GetString(0), reader.GetString(1));
    }

    public async Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var decision = commit.Decision;
        if (decision.ReviewId is null && (decision.NewState is not null || decision.UpsertAnswers.Count > 0 || decision.DeletedAnswerIds.Count > 0))
            throw new ArgumentException("A decision that changes a review must name it.", nameof(commit));

        // Serialize before taking the writer, which every turn and every send of this process waits for.
        // Posted lives in its own table, so the state's JSON leaves it out.
        var stateJson = decision.NewState is { } newState ? CoreJson.Serialize(newState with { Posted = s_noPosted }) : null;
        var answerJson = decision.UpsertAnswers.Select(a => (Answer: a, Json: CoreJson.Serialize(a))).ToList();
        var messageJson = decision.Messages.Select(m => (Message: m, Json: CoreJson.Serialize(m))).ToList();

        try
        {
            await WriteTurnAsync(commit, stateJson, answerJson, messageJson, cancellationToken);
        }
        catch (ConcurrencyConflictException) when (decision.ReviewId is { } reviewId)
        {
            // The kept snapshot was behind the file (read in the moment before a commit updated it): the retry loads.
            _snapshots.TryRemove(reviewId, out _);
            throw;
        }
    }

    private Task WriteTurnAsync(TurnCommit commit, string? stateJson, List<(Answer Answer, string Json)> answerJson, List<(OutboundMessage Message, string Json)> messageJson, CancellationToken cancellationToken)
    {
        var decision = commit.Decision;
        return _connections.WriteAsync(connection =>
        {
            // An event already applied (by another worker that got there first) is not applied twice.
            if (commit.InboxEventId is { } appliedId && Scalar(connection, SelectInboxProcessed, ("$id", appliedId)) is long processed && processed == 1)
                return false;
            if (decision.NewState is { } state)
                SaveReview(connection, state, stateJson!, decision.IsNewReview, commit.ExpectedVersion);

            foreach (var (answer, json) in answerJson)
            {
                Execute(connection, UpsertAnswer,
                    ("$review", decision.ReviewId), ("$id", answer.Id), ("$step", answer.StepId), ("$question", answer.QuestionIndex),
                    ("$sent", ToText(answer.SentAt)), ("$json", json));
            }
            foreach (var answerId in decision.DeletedAnswerIds)
                Execute(connection, DeleteAnswer, ("$review", decision.ReviewId), ("$id", answerId));

            foreach (var (message, json) in messageJson)
            {
                Execute(connection, QueueMessage,
                    ("$partition", decision.ReviewId ?? OutboxItem.ChannelPartition(message.Channel)), ("$key", message.Key),
                    ("$review", decision.ReviewId), ("$json", json));
            }

            if (commit.InboxEventId is { } eventId)
                Execute(connection, MarkInboxProcessed, ("$id", eventId));
            return true;
        }, applied =>
        {
            if (applied)
                RememberCommitted(commit);
        }, cancellationToken);
    }

    // After a commit (in commit order, by the writer): the kept snapshot moves to the new version.
    private void RememberCommitted(TurnCommit commit)
    {
        var decision = commit.Decision;
        if (decision.ReviewId is not { } reviewId || (decision.NewState is null && decision.UpsertAnswers.Count == 0 && decision.DeletedAnswerIds.Count == 0))
            return;
        if (decision.NewState is { } state && decision.IsNewReview)
        {
            _snapshots[reviewId] = new Kept(1, new ReviewSnapshot(state with { Posted = s_noPosted }, Ordered(decision.UpsertAnswers), VersionText(1)));
            return;
        }
        if (decision.NewState is not { } changed)
        {
            // Answers changed without a new state (the engine never decides that): the version stays, so drop the entry.
            _snapshots.TryRemove(reviewId, out _);
            return;
        }
        var version = long.Parse(commit.ExpectedVersion!, CultureInfo.InvariantCulture) + 1;
        if (!_snapshots.TryGetValue(reviewId, out var kept) || kept.Version != version - 1 || kept.Snapshot is not { } before)
        {
            _snapshots[reviewId] = new Kept(version, null);
            return;
        }
        var replaced = decision.UpsertAnswers.Select(a => a.Id).Concat(decision.DeletedAnswerIds).ToHashSet();
        var answers = before.Answers.Where(a => !replaced.Contains(a.Id)).Concat(decision.UpsertAnswers).ToList();
        _snapshots[reviewId] = new Kept(version, new ReviewSnapshot(changed with { Posted = before.State.Posted }, Ordered(answers), VersionText(version)));
    }

    // The order the answers query returns, so a cached snapshot reads exactly like a loaded one.
    private static List<Answer> Ordered(IEnumerable<Answer> answers) =>
        [.. answers.OrderBy(a => a.StepId, StringComparer.Ordinal).ThenBy(a => a.QuestionIndex).ThenBy(a => ToText(a.SentAt), StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal)];

    private static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static void SaveReview(PreparedSqliteConnection connection, ReviewState state, string stateJson, bool isNew, string? expectedVersion)
    {
        (string, object?)[] columns =
        [
            ("$id", state.Id), ("$channel", state.Channel.Key), ("$title", state.Title),
            ("$status", state.Status.ToString()), ("$state", stateJson),
        ];
        if (isNew)
        {
            if (Execute(connection, InsertReview, [.. columns, ("$created", ToText(state.CreatedAt))]) == 0)
                throw new ConcurrencyConflictException($"Review '{state.Id}' already exists.");
            return;
        }

        if (!long.TryParse(expectedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
            || Execute(connection, UpdateReview, [.. columns, ("$expected", expected)]) == 0)
        {
            throw new ConcurrencyConflictException($"Review '{state.Id}' is no longer at version '{expectedVersion}'.");
        }
    }

    // ---- outbox ----

    public async Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var until = now + lease;
        return await _connections.WriteAsync<IReadOnlyList<OutboxItem>>(connection =>
        {
            var items = new List<OutboxItem>();
            using (var reader = Command(connection, SelectClaimable, ("$now", ToText(now)), ("$max", max)).ExecuteReader())
            {
                while (reader.Read())
                    items.Add(ReadOutboxItem(reader, owner, until));
            }
            foreach (var item in items)
                Lease(connection, item);
            return items;
        }, cancellationToken: cancellationToken);
    }

    public async Task<PostedMessage?> FindPostedAsync(string reviewId, string key, CancellationToken cancellationToken = default)
    {
        // Where a message landed is recorded once; a kept snapshot that has it is as good as the file.
        if (_snapshots.TryGetValue(reviewId, out var kept) && kept.Snapshot?.State.Posted.TryGetValue(key, out var known) == true)
            return known;
        using var reading = _connections.Read();
        var connection = reading.Connection;
        var posted = await ReadPostedAsync(connection, SelectOnePosted, cancellationToken, ("$review", reviewId), ("$key", key));
        return posted.GetValueOrDefault(key);
    }

    public async Task CompleteOutboxAsync(OutboxItem item, PostedMessage? posted, CancellationToken cancellationToken = default) =>
        await CompleteAsync(item, posted, claimNext: null, cancellationToken);

    public Task<OutboxItem?> CompleteAndClaimNextAsync(OutboxItem item, PostedMessage? posted, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CompleteAsync(item, posted, (lease, now), cancellationToken);

    private async Task<OutboxItem?> CompleteAsync(OutboxItem item, PostedMessage? posted, (TimeSpan Lease, DateTimeOffset Now)? claimNext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var completed = await _connections.WriteAsync(connection =>
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
                    ("$review", reviewId), ("$key", item.Message.Key), ("$message", posted.MessageId), ("$thread", posted.ThreadId), ("$at", ToText(posted.PostedAt)));

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
                RememberPosted(id, item.Message.Key, posted!, version);
            if (done.Opened is { } link)
                _threads[(item.Message.Channel.Key, posted!.ThreadId)] = link;
        }, cancellationToken);
        return completed.Next;
    }

    // After recording a post (in commit order, by the writer): the kept snapshot moves to the new version.
    private void RememberPosted(string reviewId, string key, PostedMessage posted, long version)
    {
        if (_snapshots.TryGetValue(reviewId, out var kept) && kept.Version == version - 1 && kept.Snapshot is { } before)
        {
            var posts = new Dictionary<string, PostedMessage>(before.State.Posted) { [key] = posted };
            _snapshots[reviewId] = new Kept(version, before with { State = before.State with { Posted = posts }, Version = VersionText(version) });
        }
        else
        {
            _snapshots[reviewId] = new Kept(version, null);
        }
    }

    public Task<OutboxItem?> ClaimPartitionHeadAsync(string partition, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _connections.WriteAsync(connection => ClaimHead(connection, partition, owner, lease, now), cancellationToken: cancellationToken);

    // The partition's next unsent message, leased to the owner, when it is due and nobody else holds it.
    private static OutboxItem? ClaimHead(PreparedSqliteConnection connection, string partition, string owner, TimeSpan lease, DateTimeOffset now)
    {
        OutboxItem? head = null;
        using (var reader = Command(connection, SelectPartitionHead, ("$partition", partition), ("$now", ToText(now))).ExecuteReader())
        {
            if (reader.Read())
                head = ReadOutboxItem(reader, owner, now + lease);
        }
        if (head is not null)
            Lease(connection, head);
        return head;
    }

    // Columns: partition, seq, review_id, message_json, attempts.
    private static OutboxItem ReadOutboxItem(SqliteDataReader reader, string owner, DateTimeOffset until) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            CoreJson.Deserialize<OutboundMessage>(reader.GetString(3)), reader.GetInt32(4), owner, until);

    private static void Lease(PreparedSqliteConnection connection, OutboxItem item) =>
        Execute(connection, LeaseMessage,
            ("$owner", item.LeaseOwner), ("$until", ToText(item.LeaseUntil!.Value)), ("$partition", item.Partition), ("$seq", item.Sequence));

    public async Task RetryOutboxAsync(OutboxItem item, DateTimeOffset notBefore, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        // If the lease was lost meanwhile, another host owns the message now; its attempt counts, not ours,
        // so a no-op is right (and the dispatcher calls this from a catch block, where throwing would escape).
        await _connections.WriteAsync(connection =>
            Execute(connection, RetryMessage, [.. LeaseKey(item), ("$notBefore", ToText(notBefore)), ("$error", error)]),
            cancellationToken: cancellationToken);
    }

    public async Task ReleaseLeasesAsync(string owner, CancellationToken cancellationToken = default) =>
        await _connections.WriteAsync(connection => Execute(connection, ReleaseLeases, ("$owner", owner)), cancellationToken: cancellationToken);

    public async Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        using var reading = _connections.Read();
        var connection = reading.Connection;
        var command = Command(connection, CountUnsent);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<DateTimeOffset?> OldestPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        using var reading = _connections.Read();
        using var reader = await Command(reading.Connection, UnsentHeadsQueuedAt).ExecuteReaderAsync(cancellationToken);
        DateTimeOffset? oldest = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0))
                continue;
            var queuedAt = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            oldest = oldest is { } o && o <= queuedAt ? o : queuedAt;
        }
        return oldest;
    }

    /// <summary>Closes the pooled connections to the file (they would otherwise keep it open).</summary>
    public void Dispose()
    {
        _connections.Dispose();
        _ownerLock?.Dispose();
    }

    // ---- helpers ----

    private static (string, object?)[] LeaseKey(OutboxItem item) =>
    [
        ("$partition", item.Partition), ("$seq", item.Sequence), ("$owner", item.LeaseOwner),
        ("$until", item.LeaseUntil is { } until ? ToText(until) : null),
    ];

    private static async Task<Dictionary<string, PostedMessage>> ReadPostedAsync(PreparedSqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var posted = new Dictionary<string, PostedMessage>();
        var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            posted[reader.GetString(0)] = new PostedMessage(reader.GetString(1), reader.GetString(2), FromText(reader.GetString(3)));
        return posted;
    }

    private static object? Scalar(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    private static int Execute(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    // The connection's prepared command for the statement, enlisted in its open transaction, if any.
    private static SqliteCommand Command(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Prepared(sql, parameters);

    private static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
