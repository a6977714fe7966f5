namespace DesignBot.Storage.Sqlite;

/// <summary>The SQLite store's schema and statements. Times are <see cref="Core.Storage.StoreRules.TimeFormat"/> text.</summary>
internal static class SqliteSql
{
    public const string Schema = """
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
        -- recording a post is a small insert, not a rewrite of the whole state. address is the adapter's own.
        CREATE TABLE IF NOT EXISTS posted (
            review_id   TEXT NOT NULL,
            msg_key     TEXT NOT NULL,
            message_id  TEXT NOT NULL,
            thread_id   TEXT NOT NULL,
            posted_at   TEXT NOT NULL,
            address     TEXT,
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
        -- replaces_key is the message's ReplacesKey (to collapse queued updates); attempt_open is 1 from a claim until
        -- the message is sent or given back with a known failure (OutboxItem.OutcomeUnknown).
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
            replaces_key TEXT,
            attempt_open INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (partition, seq),
            UNIQUE (partition, msg_key));
        CREATE INDEX IF NOT EXISTS ix_outbox_unsent ON outbox (partition, seq) WHERE sent = 0;

        -- A review's NextWakeAt, written in the transaction of every commit that writes its state (one row per review
        -- with a wake time), leased while its wake event is on its way. Due wakes are found through ix_wakes_due.
        CREATE TABLE IF NOT EXISTS wakes (
            review_id   TEXT PRIMARY KEY,
            wake_at     TEXT NOT NULL,
            lease_owner TEXT,
            lease_until TEXT);
        CREATE INDEX IF NOT EXISTS ix_wakes_due ON wakes (wake_at);
        """;

    /// <summary>Columns added since the first schema: files created before get them at start.</summary>
    public static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("posted", "address", "TEXT"),
        ("outbox", "replaces_key", "TEXT"),
        ("outbox", "attempt_open", "INTEGER NOT NULL DEFAULT 0"),
    ];

    public const string HasColumn = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";

    // ---- reviews ----

    public const string InsertReview = """
        INSERT OR IGNORE INTO reviews (id, channel_key, title, status, created_at, version, state_json)
        VALUES ($id, $channel, $title, $status, $created, 1, $state)
        """;

    public const string UpdateReview = """
        UPDATE reviews SET channel_key = $channel, title = $title, status = $status, state_json = $state, version = version + 1
        WHERE id = $id AND version = $expected
        """;

    public const string SelectReview = "SELECT version, state_json FROM reviews WHERE id = $id";

    public const string BumpVersion = "UPDATE reviews SET version = version + 1 WHERE id = $id RETURNING version";

    public const string SavePosted = """
        INSERT OR REPLACE INTO posted (review_id, msg_key, message_id, thread_id, posted_at, address)
        VALUES ($review, $key, $message, $thread, $at, $address)
        """;

    // Columns: msg_key, message_id, thread_id, posted_at, address.
    public const string SelectPosted = "SELECT msg_key, message_id, thread_id, posted_at, address FROM posted WHERE review_id = $review";
    public const string SelectOnePosted = SelectPosted + " AND msg_key = $key";

    public const string SelectChannelReviews = "SELECT state_json FROM reviews WHERE channel_key = $channel ORDER BY created_at DESC, id DESC";

    // StoreRules.OrderAnswers: sent_at is fixed-width UTC text, so its text order is time order.
    public const string SelectAnswers = "SELECT json FROM answers WHERE review_id = $review ORDER BY step_id, question_index, sent_at, id";

    public const string UpsertAnswer = """
        INSERT INTO answers (review_id, id, step_id, question_index, sent_at, json)
        VALUES ($review, $id, $step, $question, $sent, $json)
        ON CONFLICT (review_id, id) DO UPDATE SET
            step_id = excluded.step_id, question_index = excluded.question_index, sent_at = excluded.sent_at, json = excluded.json
        """;

    public const string DeleteAnswer = "DELETE FROM answers WHERE review_id = $review AND id = $id";

    public const string SelectThread = "SELECT review_id, step_id FROM threads WHERE channel_key = $channel AND thread_id = $thread";

    public const string SaveThread = "INSERT OR REPLACE INTO threads (channel_key, thread_id, review_id, step_id) VALUES ($channel, $thread, $review, $step)";

    // ---- wakes ----

    // A new wake time replaces the old one and drops its lease; the same time again changes nothing (the lease stays).
    public const string SaveWake = """
        INSERT INTO wakes (review_id, wake_at) VALUES ($review, $at)
        ON CONFLICT (review_id) DO UPDATE SET wake_at = excluded.wake_at, lease_owner = NULL, lease_until = NULL
        WHERE wakes.wake_at <> excluded.wake_at
        """;

    public const string DeleteWake = "DELETE FROM wakes WHERE review_id = $review";

    // StoreRules.IsClaimable in SQL; the review's state gives the channel (with its latest address).
    public const string SelectDueWakes = """
        SELECT w.review_id, w.wake_at, r.state_json
        FROM wakes w JOIN reviews r ON r.id = w.review_id
        WHERE w.wake_at <= $now AND (w.lease_until IS NULL OR w.lease_until < $now)
        ORDER BY w.wake_at, w.review_id
        LIMIT $max
        """;

    public const string LeaseWake = "UPDATE wakes SET lease_owner = $owner, lease_until = $until WHERE review_id = $review";

    public const string ReleaseWakeLeases = "UPDATE wakes SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $owner";

    // ---- inbox ----

    public const string InsertInbox = "INSERT OR IGNORE INTO inbox (event_id, received_at, event_json, processed) VALUES ($id, $received, $json, 0)";

    public const string SelectPendingInbox = "SELECT event_json, received_at FROM inbox WHERE processed = 0 ORDER BY rowid LIMIT $max";

    public const string SelectInboxProcessed = "SELECT processed FROM inbox WHERE event_id = $id";

    public const string MarkInboxProcessed = "UPDATE inbox SET processed = 1 WHERE event_id = $id";

    // ---- outbox ----

    // The next sequence number is taken inside the write transaction, so it cannot race; OR IGNORE skips a
    // message whose key the partition already holds (a retried event queuing the same reply again).
    public const string QueueMessage = """
        INSERT OR IGNORE INTO outbox (partition, seq, msg_key, review_id, message_json, replaces_key, not_before)
        SELECT $partition, COALESCE(MAX(seq), 0) + 1, $key, $review, $json, $replaces, $notBefore FROM outbox WHERE partition = $partition
        """;

    // Run after the newer update is queued (so no sequence number is freed and handed out again): earlier updates of
    // the same target that nobody holds are dropped. A held row (lease_owner set, even expired) may be being sent.
    // An update with a waiting message behind it (a question in its settle pause, a retry) stays: the newer one waits
    // behind that message, and the state the earlier one shows must not wait with it (StoreRules.CollapsedTargets).
    public const string CollapseUpdates = """
        DELETE FROM outbox
        WHERE partition = $partition AND replaces_key = $target AND sent = 0 AND lease_owner IS NULL AND msg_key <> $key
          AND NOT EXISTS (SELECT 1 FROM outbox waiting
                          WHERE waiting.partition = $partition AND waiting.sent = 0 AND waiting.not_before IS NOT NULL
                            AND waiting.seq > outbox.seq)
        """;

    // Only the head (lowest unsent seq) of each partition is a candidate: while it is leased or not yet due,
    // the partition waits, so a review's messages go out strictly in order. (StoreRules.IsClaimable, in SQL.)
    public const string SelectClaimable = """
        SELECT o.partition, o.seq, o.review_id, o.message_json, o.attempts, o.attempt_open
        FROM outbox o
        JOIN (SELECT partition, MIN(seq) AS seq FROM outbox WHERE sent = 0 GROUP BY partition) head
          ON o.partition = head.partition AND o.seq = head.seq
        WHERE (o.not_before IS NULL OR o.not_before <= $now)
          AND (o.lease_until IS NULL OR o.lease_until < $now)
        ORDER BY o.not_before, o.partition
        LIMIT $max
        """;

    public const string SelectPartitionHead = """
        SELECT partition, seq, review_id, message_json, attempts, attempt_open FROM (
            SELECT * FROM outbox WHERE partition = $partition AND sent = 0 ORDER BY seq LIMIT 1)
        WHERE (not_before IS NULL OR not_before <= $now) AND (lease_until IS NULL OR lease_until < $now)
        """;

    // Leases go, attempts stay open: what the crashed owner was sending may have gone out.
    public const string ReleaseLeases = "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE sent = 0 AND lease_owner = $owner";

    public const string LeaseMessage = "UPDATE outbox SET lease_owner = $owner, lease_until = $until, attempt_open = 1 WHERE partition = $partition AND seq = $seq";

    // A lease is identified by owner and expiry together: the same host re-claiming after expiry is a new lease.
    private const string HeldByLease = "partition = $partition AND seq = $seq AND sent = 0 AND lease_owner = $owner AND lease_until = $until";

    public const string CompleteMessage = "UPDATE outbox SET sent = 1, lease_owner = NULL, lease_until = NULL, attempt_open = 0 WHERE " + HeldByLease;

    public const string RetryMessage = """
        UPDATE outbox SET attempts = attempts + 1, not_before = $notBefore, lease_owner = NULL, lease_until = NULL,
            last_error = $error, attempt_open = $unknown
        WHERE
        """ + " " + HeldByLease;

    public const string DeferMessage = """
        UPDATE outbox SET not_before = $notBefore, lease_owner = NULL, lease_until = NULL, attempt_open = $unknown
        WHERE
        """ + " " + HeldByLease;

    public const string CountUnsent = "SELECT COUNT(*) FROM outbox WHERE sent = 0";

    // Each queue's head (SQLite takes the bare column from the row with the MIN) is its longest-waiting message.
    public const string UnsentHeadsQueuedAt = "SELECT json_extract(message_json, '$.origin.queuedAt'), MIN(seq) FROM outbox WHERE sent = 0 GROUP BY partition";
}
