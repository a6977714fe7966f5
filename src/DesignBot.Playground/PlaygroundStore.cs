using System.Globalization;
using DesignBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DesignBot.Playground;

/// <summary>
/// A message of the playground channel, as the page and the API see it. CardJson is the playground's own card
/// JSON (see <see cref="PlaygroundCardWriter"/>); Revision counts the changes to the message since it was posted.
/// VisibleTo names the only user who sees it (a bot answer meant for one member, like Slack's ephemeral messages); null
/// for a message of the channel.
/// </summary>
public sealed record PlaygroundMessage(string Id, string? ThreadId, string User, bool IsBot, string Text, string? CardJson, DateTimeOffset Ts, bool Edited, int Revision = 0, string? VisibleTo = null);

/// <summary>One page of the channel's history, oldest first; Older is the cursor for the page before it (null: none).</summary>
public sealed record PlaygroundPage(IReadOnlyList<PlaygroundMessage> Messages, string? Older);

/// <summary>
/// The playground plays the chat platform, so it keeps the channel's history: in its own SQLite file,
/// so a restarted host shows the same channel. Bot posts carry an idempotency key, so a message the
/// dispatcher re-sends after a crash appears once. A user's post is first added hidden (its id and timestamp
/// allocated), and shown only after its event is in the inbox, so the page never shows what the bot will not see.
/// </summary>
public sealed class PlaygroundStore : IDisposable
{
    private readonly SqliteConnections _connections;
    private readonly Lock _clockLock = new();
    private long _lastTicks;

    public PlaygroundStore(string path)
    {
        var full = Path.GetFullPath(path);
        CreateOwnerOnly(full);
        _connections = new SqliteConnections(full);
        _lastTicks = _connections.WriteAloneAsync(CreateSchema).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The channel's history holds every answer and the signed document links: its folder and file are created
    /// owner-only (0700/0600) before SQLite opens the file (SQLite gives its -wal and -shm files the same mode).
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder))
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var _ = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    // Returns the newest timestamp in the file, where the clock continues.
    private static long CreateSchema(PreparedSqliteConnection connection)
    {
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                thread_id TEXT NULL,
                user TEXT NOT NULL,
                is_bot INTEGER NOT NULL,
                text TEXT NOT NULL,
                card_json TEXT NULL,
                ts INTEGER NOT NULL,
                edited INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                idempotency_key TEXT NULL UNIQUE,
                pending INTEGER NOT NULL DEFAULT 0,
                revision INTEGER NOT NULL DEFAULT 0,
                visible_to TEXT NULL);
            """);
        // Files of earlier versions lack these columns; a hidden (pending) post is one whose event is not yet accepted.
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = connection.Prepared("SELECT name FROM pragma_table_info('messages')").ExecuteReader())
        {
            while (reader.Read())
                columns.Add(reader.GetString(0));
        }
        if (!columns.Contains("pending"))
            AddColumn(connection, "ALTER TABLE messages ADD COLUMN pending INTEGER NOT NULL DEFAULT 0");
        if (!columns.Contains("revision"))
            AddColumn(connection, "ALTER TABLE messages ADD COLUMN revision INTEGER NOT NULL DEFAULT 0");
        if (!columns.Contains("visible_to"))
            AddColumn(connection, "ALTER TABLE messages ADD COLUMN visible_to TEXT NULL");
        return (long)connection.Prepared("SELECT COALESCE(MAX(ts), 0) FROM messages").ExecuteScalar()!;
    }

    // Two hosts sharing one playground (the scale-out tests) may open an old file at once: the second one's ALTER
    // finds the column there already, which is what it wanted.
    private static void AddColumn(PreparedSqliteConnection connection, string alter)
    {
        try
        {
            Execute(connection, alter);
        }
        catch (SqliteException ex) when (ex.Message.Contains("duplicate column name", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Platform timestamps strictly increase, like Slack's ts: the timestamp rule relies on their order.</summary>
    private DateTimeOffset NextTimestamp(DateTimeOffset now)
    {
        lock (_clockLock)
        {
            _lastTicks = Math.Max(now.UtcTicks, _lastTicks + 1);
            return new DateTimeOffset(_lastTicks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Adds a shown message stamped at <paramref name="now"/> (or just after the last one); a known idempotency key returns
    /// the earlier message. With <paramref name="visibleTo"/>, only that user sees it (see <see cref="Page"/>).
    /// </summary>
    public Task<PlaygroundMessage> AddAsync(string? threadId, string user, bool isBot, string text, string? cardJson, DateTimeOffset now, string? idempotencyKey = null, string? visibleTo = null) =>
        _connections.WriteAsync(connection => Add(connection, threadId, user, isBot, text, cardJson, now, idempotencyKey, pending: false, visibleTo).Message);

    /// <summary>
    /// Allocates a user's post (id, timestamp) without showing it; <see cref="ShowAsync"/> shows it. A known idempotency
    /// key returns the earlier post, shown or not, so a retried request maps to the same message and event.
    /// </summary>
    public Task<(PlaygroundMessage Message, bool Shown)> ReserveAsync(string? threadId, string user, string text, DateTimeOffset now, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        _connections.WriteAsync(connection => Add(connection, threadId, user, isBot: false, text, null, now, idempotencyKey, pending: true), cancellationToken: cancellationToken);

    /// <summary>Shows a reserved post; returns it, or null when it is gone.</summary>
    public async Task<PlaygroundMessage?> ShowAsync(string id, CancellationToken cancellationToken = default)
    {
        if (SeqOf(id) is not { } seq)
            return null;
        return await _connections.WriteAsync(connection =>
            Query(connection, "UPDATE messages SET pending = 0 WHERE seq = $seq AND deleted = 0 RETURNING *", ("$seq", seq)).FirstOrDefault(),
            cancellationToken: cancellationToken);
    }

    private (PlaygroundMessage Message, bool Shown) Add(PreparedSqliteConnection connection, string? threadId, string user, bool isBot, string text, string? cardJson, DateTimeOffset now, string? idempotencyKey, bool pending, string? visibleTo = null)
    {
        if (idempotencyKey is not null && FindByKey(connection, idempotencyKey) is { } existing)
            return existing;
        var ts = NextTimestamp(now);
        var insert = connection.Prepared("""
            INSERT INTO messages (thread_id, user, is_bot, text, card_json, ts, idempotency_key, pending, visible_to)
            VALUES ($thread, $user, $bot, $text, $card, $ts, $key, $pending, $visibleTo) RETURNING seq
            """,
            ("$thread", threadId), ("$user", user), ("$bot", isBot ? 1 : 0), ("$text", text), ("$card", cardJson), ("$ts", ts.UtcTicks),
            ("$key", idempotencyKey), ("$pending", pending ? 1 : 0), ("$visibleTo", visibleTo));
        var seq = (long)insert.ExecuteScalar()!;
        return (new PlaygroundMessage(IdOf(seq), threadId, user, isBot, text, cardJson, ts, false, VisibleTo: visibleTo), !pending);
    }

    public PlaygroundMessage? Find(string id)
    {
        if (SeqOf(id) is not { } seq)
            return null;
        using var reading = _connections.Read();
        return Query(reading.Connection, "SELECT * FROM messages WHERE seq = $seq AND deleted = 0 AND pending = 0", ("$seq", seq)).FirstOrDefault();
    }

    /// <summary>The bot message posted with this idempotency key, if any.</summary>
    public PlaygroundMessage? FindByIdempotencyKey(string key)
    {
        using var reading = _connections.Read();
        return FindByKey(reading.Connection, key) is { Shown: true } found ? found.Item1 : null;
    }

    /// <summary>
    /// The <paramref name="limit"/> shown messages before the message <paramref name="before"/> (null: the newest),
    /// oldest first, as <paramref name="viewer"/> sees the channel: the channel's messages and those visible to the
    /// viewer only (none with no viewer). Only one page is ever read into memory.
    /// </summary>
    public PlaygroundPage Page(string? before, int limit, string? viewer = null)
    {
        var beforeSeq = before is null ? long.MaxValue : SeqOf(before) ?? throw new ArgumentException($"'{before}' is not a playground message id.", nameof(before));
        using var reading = _connections.Read();
        var newestFirst = Query(reading.Connection, """
            SELECT * FROM messages WHERE seq < $before AND deleted = 0 AND pending = 0 AND (visible_to IS NULL OR visible_to = $viewer)
            ORDER BY seq DESC LIMIT $limit
            """,
            ("$before", beforeSeq), ("$limit", limit + 1), ("$viewer", viewer));
        var older = newestFirst.Count > limit ? newestFirst[limit - 1].Id : null;
        var page = newestFirst.Take(limit).Reverse().ToList();
        return new PlaygroundPage(page, older);
    }

    /// <summary>
    /// Replaces a shown message's text (and card, when given); its revision goes up by one. With
    /// <paramref name="expectedRevision"/>, only a message still at that revision changes (else null).
    /// </summary>
    public async Task<PlaygroundMessage?> UpdateAsync(string id, string text, string? cardJson, bool markEdited, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        if (SeqOf(id) is not { } seq)
            return null;
        return await _connections.WriteAsync(connection => Query(connection, """
            UPDATE messages SET text = $text, card_json = COALESCE($card, card_json), edited = edited OR $edited, revision = revision + 1
            WHERE seq = $seq AND deleted = 0 AND pending = 0 AND ($expected IS NULL OR revision = $expected) RETURNING *
            """,
            ("$text", text), ("$card", cardJson), ("$edited", markEdited ? 1 : 0), ("$seq", seq), ("$expected", expectedRevision)).FirstOrDefault(),
            cancellationToken: cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (SeqOf(id) is not { } seq)
            return false;
        return await _connections.WriteAsync(connection =>
            connection.Prepared("UPDATE messages SET deleted = 1 WHERE seq = $seq AND deleted = 0", ("$seq", seq)).ExecuteNonQuery() == 1,
            cancellationToken: cancellationToken);
    }

    /// <summary>Finishes queued writes and closes the file.</summary>
    public void Dispose() => _connections.Dispose();

    private static string IdOf(long seq) => $"pm{seq}";

    internal static long? SeqOf(string id) =>
        id.StartsWith("pm", StringComparison.Ordinal) && long.TryParse(id.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;

    private static (PlaygroundMessage, bool Shown)? FindByKey(PreparedSqliteConnection connection, string key) =>
        Rows(connection, "SELECT * FROM messages WHERE idempotency_key = $key", ("$key", key)).Select(r => ((PlaygroundMessage, bool)?)(r.Message, !r.Pending)).FirstOrDefault();

    private static List<PlaygroundMessage> Query(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        [.. Rows(connection, sql, parameters).Select(r => r.Message)];

    private static List<(PlaygroundMessage Message, bool Pending)> Rows(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var reader = connection.Prepared(sql, parameters).ExecuteReader();
        var list = new List<(PlaygroundMessage, bool)>();
        while (reader.Read())
        {
            var message = new PlaygroundMessage(
                IdOf(reader.GetInt64(reader.GetOrdinal("seq"))),
                reader.IsDBNull(reader.GetOrdinal("thread_id")) ? null : reader.GetString(reader.GetOrdinal("thread_id")),
                reader.GetString(reader.GetOrdinal("user")),
                reader.GetInt64(reader.GetOrdinal("is_bot")) == 1,
                reader.GetString(reader.GetOrdinal("text")),
                reader.IsDBNull(reader.GetOrdinal("card_json")) ? null : reader.GetString(reader.GetOrdinal("card_json")),
                new DateTimeOffset(reader.GetInt64(reader.GetOrdinal("ts")), TimeSpan.Zero),
                reader.GetInt64(reader.GetOrdinal("edited")) == 1,
                (int)reader.GetInt64(reader.GetOrdinal("revision")),
                reader.IsDBNull(reader.GetOrdinal("visible_to")) ? null : reader.GetString(reader.GetOrdinal("visible_to")));
            list.Add((message, reader.GetInt64(reader.GetOrdinal("pending")) == 1));
        }
        return list;
    }

    private static void Execute(PreparedSqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
