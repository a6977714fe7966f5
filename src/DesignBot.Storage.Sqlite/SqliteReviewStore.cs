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
using static DesignBot.Storage.Sqlite.SqliteSql;

namespace DesignBot.Storage.Sqlite;

/// <summary>
/// <see cref="IReviewStore"/> on one SQLite file. Every write (a turn, a claim, a completed send) is one unit
/// of <see cref="SqliteConnections"/>' group commit: all-or-nothing, and done when its commit is. The review's
/// version is an integer bumped on every write of its state.
/// One process owns the file (<see cref="SqliteFileOwner"/>: a second host on the same file fails at start), which lets
/// the store trust what it keeps in memory: review snapshots (<see cref="SnapshotCache"/>) and thread links.
/// Statements are in <see cref="SqliteSql"/>; the inbox, the outbox and the wake index are parts of their own.
/// </summary>
public sealed partial class SqliteReviewStore : IReviewStore, IDisposable
{
    private readonly string _path;

    /// <summary>Where the store reports what an operator should know; silent unless set (the DI registration sets it).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
    private readonly SqliteConnections _connections;
    private readonly SnapshotCache _snapshots = new();

    // Thread links never change once written, so a link found once is kept.
    private readonly ConcurrentDictionary<(string Channel, string Thread), ThreadLink> _threads = new();

    private SqliteFileOwner? _owner;

    public SqliteReviewStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _path = Path.GetFullPath(options.Path);
        _connections = new SqliteConnections(_path);
    }

    /// <summary>
    /// Takes the file (throws <see cref="InvalidOperationException"/>, having created nothing, when another host holds
    /// it), then sets WAL mode and the schema.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        _owner ??= SqliteFileOwner.Take(_path);
        // WAL is a property of the file, so setting it once is enough; readers then never block the writer.
        await WriteAloneAsync(connection => Execute(connection, "PRAGMA journal_mode = WAL"), cancellationToken);
        await WriteAsync(connection =>
        {
            Execute(connection, Schema);
            foreach (var (table, column, definition) in AddedColumns)
            {
                if (Scalar(connection, HasColumn, ("$table", table), ("$column", column)) is 0L)
                    Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
            return true;
        }, cancellationToken: cancellationToken);
        Log.StoreOpened(Logger, _path);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(async connection =>
                Convert.ToInt64(await Command(connection, "SELECT 1").ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1,
                cancellationToken);
        }
        catch (TransientStoreException)
        {
            return false;
        }
    }

    // ---- reviews ----

    public async Task<ReviewSnapshot?> GetReviewAsync(string reviewId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reviewId);
        if (_snapshots.Find(reviewId) is { } cached)
            return cached;
        return await ReadAsync<ReviewSnapshot?>(async connection =>
        {
            // A read transaction, so the state, the answers and the posts come from the same snapshot.
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
            var snapshot = new ReviewSnapshot(CoreJson.Deserialize<ReviewState>(stateJson), answers, posted, SnapshotCache.VersionText(version));
            _snapshots.Loaded(version, snapshot);
            return snapshot;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ReviewListing>> ListReviewsAsync(ChannelRef channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return ReadAsync<IReadOnlyList<ReviewListing>>(async connection =>
        {
            await using var reader = await Command(connection, SelectChannelReviews, ("$channel", channel.Key)).ExecuteReaderAsync(cancellationToken);
            var listings = new List<ReviewListing>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var state = CoreJson.Deserialize<ReviewState>(reader.GetString(0));
                listings.Add(new ReviewListing(state.Id, state.Title, state.Owner, state.Status, state.CreatedAt));
            }
            return listings;
        }, cancellationToken);
    }

    public async Task<ThreadLink?> FindThreadAsync(ChannelRef channel, string threadId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(threadId);
        if (_threads.TryGetValue((channel.Key, threadId), out var known))
            return known;
        return await ReadAsync<ThreadLink?>(async connection =>
        {
            await using var reader = await Command(connection, SelectThread, ("$channel", channel.Key), ("$thread", threadId)).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            return _threads[(channel.Key, threadId)] = new ThreadLink(reader.GetString(0), reader.GetString(1));
        }, cancellationToken);
    }

    public async Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckCommit(commit);
        var decision = commit.Decision;

        // Serialize before taking the writer, which every turn and every send of this process waits for.
        var stateJson = decision.NewState is { } newState ? CoreJson.Serialize(newState) : null;
        var answerJson = decision.UpsertAnswers.Select(a => (Answer: a, Json: CoreJson.Serialize(a))).ToList();
        var messageJson = decision.Messages.Select(m => (Message: m, Json: CoreJson.Serialize(m))).ToList();

        try
        {
            await WriteTurnAsync(commit, stateJson, answerJson, messageJson, cancellationToken);
        }
        catch (ConcurrencyConflictException) when (decision.ReviewId is { } reviewId)
        {
            // The kept snapshot was behind the file (read in the moment before a commit updated it): the retry loads.
            _snapshots.Forget(reviewId);
            throw;
        }
    }

    private Task WriteTurnAsync(TurnCommit commit, string? stateJson, List<(Answer Answer, string Json)> answerJson, List<(OutboundMessage Message, string Json)> messageJson, CancellationToken cancellationToken)
    {
        var decision = commit.Decision;
        return WriteAsync(connection =>
        {
            // An event already applied (by another worker that got there first) is not applied twice.
            if (commit.InboxEventId is { } appliedId && Scalar(connection, SelectInboxProcessed, ("$id", appliedId)) is long processed && processed == 1)
                return false;
            if (decision.NewState is { } state)
            {
                SaveReview(connection, state, stateJson!, decision.IsNewReview, commit.ExpectedVersion);
                IndexWake(connection, state);
            }

            foreach (var (answer, json) in answerJson)
            {
                Execute(connection, UpsertAnswer,
                    ("$review", decision.ReviewId), ("$id", answer.Id), ("$step", answer.StepId), ("$question", answer.QuestionIndex),
                    ("$sent", StoreRules.ToText(answer.SentAt)), ("$json", json));
            }
            foreach (var answerId in decision.DeletedAnswerIds)
                Execute(connection, DeleteAnswer, ("$review", decision.ReviewId), ("$id", answerId));

            foreach (var (message, json) in messageJson)
                Queue(connection, decision, message, json);

            if (commit.InboxEventId is { } eventId)
                Execute(connection, MarkInboxProcessed, ("$id", eventId));
            return true;
        }, applied =>
        {
            if (applied)
                _snapshots.Committed(commit);
        }, cancellationToken);
    }

    private static void SaveReview(PreparedSqliteConnection connection, ReviewState state, string stateJson, bool isNew, string? expectedVersion)
    {
        (string, object?)[] columns =
        [
            ("$id", state.Id), ("$channel", state.Channel.Key), ("$title", state.Title),
            ("$status", state.Status.ToString()), ("$state", stateJson),
        ];
        if (isNew)
        {
            if (Execute(connection, InsertReview, [.. columns, ("$created", StoreRules.ToText(state.CreatedAt))]) == 0)
                throw new ConcurrencyConflictException($"Review '{state.Id}' already exists.");
            return;
        }

        if (!long.TryParse(expectedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
            || Execute(connection, UpdateReview, [.. columns, ("$expected", expected)]) == 0)
        {
            throw new ConcurrencyConflictException($"Review '{state.Id}' is no longer at version '{expectedVersion}'.");
        }
    }

    /// <summary>Closes the pooled connections to the file (they would otherwise keep it open), then lets go of the file.</summary>
    public void Dispose()
    {
        _connections.Dispose();
        _owner?.Dispose();
    }

    // ---- helpers ----

    // Every write and read goes through these two, so a transient SQLite failure always reaches the caller as the
    // core's TransientStoreException (with the SqliteException inside) and nothing else is translated.
    private async Task<T> WriteAsync<T>(Func<PreparedSqliteConnection, T> work, Action<T>? committed = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _connections.WriteAsync(work, committed, cancellationToken);
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex))
        {
            throw SqliteErrors.Transient(ex);
        }
    }

    private async Task<T> WriteAloneAsync<T>(Func<PreparedSqliteConnection, T> work, CancellationToken cancellationToken)
    {
        try
        {
            return await _connections.WriteAloneAsync(work, cancellationToken);
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex))
        {
            throw SqliteErrors.Transient(ex);
        }
    }

    private async Task<T> ReadAsync<T>(Func<PreparedSqliteConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var reading = _connections.Read();
            return await read(reading.Connection);
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex))
        {
            throw SqliteErrors.Transient(ex);
        }
    }

    private static async Task<Dictionary<string, PostedMessage>> ReadPostedAsync(PreparedSqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var posted = new Dictionary<string, PostedMessage>(StringComparer.Ordinal);
        await using var reader = await Command(connection, sql, parameters).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            posted[reader.GetString(0)] = new PostedMessage(
                reader.GetString(1), reader.GetString(2), StoreRules.FromText(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetString(4));
        }
        return posted;
    }

    private static object? Scalar(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Command(connection, sql, parameters).ExecuteScalar();

    private static int Execute(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Command(connection, sql, parameters).ExecuteNonQuery();

    // The connection's prepared command for the statement, enlisted in its open transaction, if any.
    private static SqliteCommand Command(PreparedSqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Prepared(sql, parameters);
}
