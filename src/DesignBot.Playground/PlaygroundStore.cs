using System.Globalization;
using DesignBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DesignBot.Playground;

/// <summary>A message of the playground channel, as the page and the API see it.</summary>
public sealed record PlaygroundMessage(string Id, string? ThreadId, string User, bool IsBot, string Text, string? CardJson, DateTimeOffset Ts, bool Edited);

/// <summary>
/// The playground plays the chat platform, so it keeps the channel's history: in its own SQLite file,
/// so a restarted host shows the same channel. Bot posts carry an idempotency key, so a message the
/// dispatcher re-sends after a crash appears once.
/// </summary>
public sealed class PlaygroundStore : IDisposable
{
    private readonly SqliteConnections _connections;
    private readonly Lock _clockLock = new();
    private long _lastTicks;

    public PlaygroundStore(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connections = new SqliteConnections(full);
        _lastTicks = _connections.WriteAloneAsync(CreateSchema).GetAwaiter().GetResult();
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
                idempotency_key TEXT NULL UNIQUE);
            """);
        return (long)connection.Prepared("SELECT COALESCE(MAX(ts), 0) FROM messages").ExecuteScalar()!;
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

    /// <summary>Adds a message stamped at <paramref name="now"/> (or just after the last one); a known idempotency key returns the earlier message.</summary>
    public Task<PlaygroundMessage> AddAsync(string? threadId, string user, bool isBot, string text, string? cardJson, DateTimeOffset now, string? idempotencyKey = null) =>
        _connections.WriteAsync(connection => Add(connection, threadId, user, isBot, text, cardJson, now, idempotencyKey));

    private PlaygroundMessage Add(PreparedSqliteConnection connection, string? threadId, string user, bool isBot, string text, string? cardJson, DateTimeOffset now, string? idempotencyKey)
    {
        if (idempotencyKey is not null && FindByKey(connection, idempotencyKey) is { } existing)
            return existing;
        var ts = NextTimestamp(now);
        var insert = connection.Prepared("""
            INSERT INTO messages (thread_id, user, is_bot, text, card_json, ts, idempotency_key)
            VALUES ($thread, $user, $bot, $text, $card, $ts, $key) RETURNING seq
            """,
            ("$thread", threadId), ("$user", user), ("$bot", isBot ? 1 : 0), ("$text", text), ("$card", cardJson), ("$ts", ts.UtcTicks),
            ("$key", idempotencyKey));
        var seq = (long)insert.ExecuteScalar()!;
        return new PlaygroundMessage(IdOf(seq), threadId, user, isBot, text, cardJson, ts, false);
    }

    public PlaygroundMessage? Find(string id)
    {
        if (SeqOf(id) is not { } seq)
            return null;
        using var reading = _connections.Read();
        return Query(reading.Connection, "SELECT * FROM messages WHERE seq = $seq AND deleted = 0", ("$seq", seq)).FirstOrDefault();
    }

    /// <summary>The bot message posted with this idempotency key, if any.</summary>
    public PlaygroundMessage? FindByIdempotencyKey(string key)
    {
        using var reading = _connections.Read();
        return FindByKey(reading.Connection, key);
    }

    public IReadOnlyList<PlaygroundMessage> All()
    {
        using var reading = _connections.Read();
        return Query(reading.Connection, "SELECT * FROM messages WHERE deleted = 0 ORDER BY seq");
    }

    public async Task<PlaygroundMessage?> UpdateAsync(string id, string text, string? cardJson, bool markEdited)
    {
        if (SeqOf(id) is not { } seq)
            return null;
        return await _connections.WriteAsync(connection => Query(connection, """
            UPDATE messages SET text = $text, card_json = COALESCE($card, card_json), edited = edited OR $edited
            WHERE seq = $seq AND deleted = 0 RETURNING *
            """,
            ("$text", text), ("$card", cardJson), ("$edited", markEdited ? 1 : 0), ("$seq", seq)).FirstOrDefault());
    }

    public async Task<bool> DeleteAsync(string id)
    {
        if (SeqOf(id) is not { } seq)
            return false;
        return await _connections.WriteAsync(connection =>
            connection.Prepared("UPDATE messages SET deleted = 1 WHERE seq = $seq AND deleted = 0", ("$seq", seq)).ExecuteNonQuery() == 1);
    }

    /// <summary>Finishes queued writes and closes the file.</summary>
    public void Dispose() => _connections.Dispose();

    private static string IdOf(long seq) => $"pm{seq}";

    private static long? SeqOf(string id) =>
        id.StartsWith("pm", StringComparison.Ordinal) && long.TryParse(id.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;

    private static PlaygroundMessage? FindByKey(PreparedSqliteConnection connection, string key) =>
        Query(connection, "SELECT * FROM messages WHERE idempotency_key = $key", ("$key", key)).FirstOrDefault();

    private static List<PlaygroundMessage> Query(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var reader = connection.Prepared(sql, parameters).ExecuteReader();
        var list = new List<PlaygroundMessage>();
        while (reader.Read())
        {
            list.Add(new PlaygroundMessage(
                IdOf(reader.GetInt64(reader.GetOrdinal("seq"))),
                reader.IsDBNull(reader.GetOrdinal("thread_id")) ? null : reader.GetString(reader.GetOrdinal("thread_id")),
                reader.GetString(reader.GetOrdinal("user")),
                reader.GetInt64(reader.GetOrdinal("is_bot")) == 1,
                reader.GetString(reader.GetOrdinal("text")),
                reader.IsDBNull(reader.GetOrdinal("card_json")) ? null : reader.GetString(reader.GetOrdinal("card_json")),
                new DateTimeOffset(reader.GetInt64(reader.GetOrdinal("ts")), TimeSpan.Zero),
                reader.GetInt64(reader.GetOrdinal("edited")) == 1));
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
