using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DesignBot.Storage.Sqlite.Tests;

/// <summary>
/// The writer's group commit as its callers see it: writes queued while the writer is busy run in one transaction,
/// each on its own (a failing one is rolled back alone and its caller gets its exception); commit callbacks follow
/// the commit, in order, and only for writes that stored something; cancelled writes never run; disposing drains.
/// To force several writes into one batch, a first write holds the writer until the others are queued.
/// </summary>
public sealed class SqliteConnectionsTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "designbot-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteConnections _connections;
    private readonly ManualResetEventSlim _writerBlocked = new();
    private readonly ManualResetEventSlim _releaseWriter = new();

    public SqliteConnectionsTests()
    {
        Directory.CreateDirectory(_folder);
        _connections = new SqliteConnections(FilePath);
    }

    private string FilePath => Path.Combine(_folder, "connections.db");

    [Fact]
    public async Task A_write_commits_before_its_task_completes()
    {
        await CreateTableAsync();

        var inserted = await Within(_connections.WriteAsync(Insert("a")));

        Assert.Equal(1, inserted);
        Assert.Equal(["a"], ReadNamesFromFile());
    }

    [Fact]
    public async Task A_failing_write_in_a_batch_is_rolled_back_alone_and_its_caller_gets_its_exception()
    {
        await CreateTableAsync();
        var blocker = BlockWriter("first");

        var a = _connections.WriteAsync(Insert("a"));
        var b = _connections.WriteAsync<int>(connection =>
        {
            Insert("b")(connection);
            throw new InvalidOperationException("b refused after inserting");
        });
        var c = _connections.WriteAsync(Insert("c"));
        ReleaseWriter();

        await Within(blocker);
        Assert.Equal(1, await Within(a));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Within(b));
        Assert.Equal("b refused after inserting", failure.Message);
        Assert.Equal(1, await Within(c));
        Assert.Equal(["a", "c", "first"], ReadNamesFromFile());
    }

    [Fact]
    public async Task A_write_failing_on_a_constraint_in_a_batch_leaves_the_others_stored()
    {
        await CreateTableAsync();
        await Within(_connections.WriteAsync(Insert("taken")));
        var blocker = BlockWriter("first");

        var a = _connections.WriteAsync(Insert("a"));
        var duplicate = _connections.WriteAsync(connection =>
        {
            Insert("half")(connection);
            return Insert("taken")(connection);
        });
        var c = _connections.WriteAsync(Insert("c"));
        ReleaseWriter();

        await Within(blocker);
        await Within(a);
        var failure = await Assert.ThrowsAsync<SqliteException>(() => Within(duplicate));
        Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, failure.SqliteErrorCode);
        await Within(c);
        Assert.Equal(["a", "c", "first", "taken"], ReadNamesFromFile());
    }

    [Fact]
    public async Task A_failing_write_on_its_own_stores_nothing_and_the_next_write_works()
    {
        await CreateTableAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Within(_connections.WriteAsync<int>(connection =>
        {
            Insert("lonely")(connection);
            throw new InvalidOperationException("alone and refused");
        })));

        Assert.Equal("alone and refused", failure.Message);
        await Within(_connections.WriteAsync(Insert("after")));
        Assert.Equal(["after"], ReadNamesFromFile());
    }

    [Fact]
    public async Task Committed_callbacks_run_after_the_batch_commit_in_queue_order_and_only_for_successful_writes()
    {
        await CreateTableAsync();
        var log = new ConcurrentQueue<string>();
        var blocker = BlockWriter("first");

        var writes = new List<Task<int>>();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            writes.Add(_connections.WriteAsync(
                connection =>
                {
                    log.Enqueue($"run {name}");
                    if (name == "b")
                        throw new InvalidOperationException("b fails");
                    return Insert(name)(connection);
                },
                inserted => log.Enqueue($"committed {name} ({inserted})")));
        }
        ReleaseWriter();

        await Within(blocker);
        await Within(writes[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Within(writes[1]));
        await Within(writes[2]);
        await Within(writes[3]);
        // One batch: every write ran before the single commit, then the callbacks followed it, in order.
        Assert.Equal(["run a", "run b", "run c", "run d", "committed a (1)", "committed c (1)", "committed d (1)"], log);
    }

    [Fact]
    public async Task A_throwing_committed_callback_neither_fails_its_write_nor_the_others_in_the_batch()
    {
        await CreateTableAsync();
        var blocker = BlockWriter("first");
        var calledBack = new ConcurrentQueue<string>();

        var a = _connections.WriteAsync(Insert("a"), _ => throw new InvalidOperationException("callback of a throws"));
        var b = _connections.WriteAsync(Insert("b"), _ => calledBack.Enqueue("b"));
        ReleaseWriter();

        await Within(blocker);
        Assert.Equal(1, await Within(a));
        Assert.Equal(1, await Within(b));
        Assert.Equal(["b"], calledBack);
        Assert.Equal(["a", "b", "first"], ReadNamesFromFile());
    }

    [Fact]
    public async Task A_committed_callback_sees_the_write_already_stored()
    {
        await CreateTableAsync();
        IReadOnlyList<string>? seenInCallback = null;

        await Within(_connections.WriteAsync(Insert("a"), _ => seenInCallback = ReadNamesFromFile()));

        Assert.Equal(["a"], seenInCallback);
    }

    [Fact]
    public async Task A_write_cancelled_before_it_starts_never_runs()
    {
        await CreateTableAsync();
        var blocker = BlockWriter("first");
        using var cancellation = new CancellationTokenSource();
        var ran = false;
        var committed = false;

        var cancelled = _connections.WriteAsync(
            connection =>
            {
                ran = true;
                return Insert("cancelled")(connection);
            },
            _ => committed = true,
            cancellation.Token);
        var after = _connections.WriteAsync(Insert("after"));
        await cancellation.CancelAsync();
        ReleaseWriter();

        await Within(blocker);
        await Within(after);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(cancelled));
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.True(cancelled.IsCanceled);
        Assert.False(ran);
        Assert.False(committed);
        Assert.Equal(["after", "first"], ReadNamesFromFile());
    }

    [Fact]
    public async Task A_write_queued_with_a_cancelled_token_never_runs()
    {
        await CreateTableAsync();
        var ran = false;

        var cancelled = _connections.WriteAsync(
            connection =>
            {
                ran = true;
                return Insert("cancelled")(connection);
            },
            cancellationToken: new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(cancelled));
        Assert.False(ran);
        await Within(_connections.WriteAsync(Insert("after")));
        Assert.Equal(["after"], ReadNamesFromFile());
    }

    [Fact]
    public async Task Write_alone_runs_outside_a_transaction()
    {
        // Inside a transaction SQLite leaves the journal mode as it was (it answers "delete"); only outside one does it switch.
        var mode = await Within(_connections.WriteAloneAsync(connection => (string?)connection.Prepared("PRAGMA journal_mode = WAL").ExecuteScalar()));

        Assert.Equal("wal", mode);
        using var connection = OpenPlain();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)command.ExecuteScalar());
    }

    [Fact]
    public async Task Write_alone_queued_behind_a_batch_sees_what_the_batch_committed()
    {
        await CreateTableAsync();
        var blocker = BlockWriter("first");

        var a = _connections.WriteAsync(Insert("a"));
        var count = _connections.WriteAloneAsync(connection => (long)connection.Prepared("SELECT COUNT(*) FROM items").ExecuteScalar()!);
        var b = _connections.WriteAsync(Insert("b"));
        ReleaseWriter();

        await Within(blocker);
        await Within(a);
        Assert.Equal(2L, await Within(count));
        await Within(b);
        Assert.Equal(["a", "b", "first"], ReadNamesFromFile());
    }

    [Fact]
    public async Task Writing_after_dispose_throws_ObjectDisposedException()
    {
        await CreateTableAsync();

        _connections.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _connections.WriteAsync(Insert("late")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _connections.WriteAloneAsync(Insert("late")));
        Assert.Empty(ReadNamesFromFile());
    }

    [Fact]
    public async Task Dispose_finishes_the_writes_already_queued()
    {
        await CreateTableAsync();
        var blocker = BlockWriter("first");
        var committed = new ConcurrentQueue<string>();
        var queued = new[] { "a", "b", "c" }
            .Select(name => _connections.WriteAsync(Insert(name), _ => committed.Enqueue(name)))
            .ToList();

        var disposing = Task.Run(_connections.Dispose);
        // Only once Dispose has closed the queue does the writer go on: it must drain what was queued before.
        Assert.True(SpinWait.SpinUntil(IsClosed, s_patience), "Dispose did not close the queue");
        ReleaseWriter();
        await Within(disposing);

        await Within(blocker);
        foreach (var write in queued)
            Assert.Equal(1, await Within(write));
        Assert.Equal(["a", "b", "c"], committed);
        Assert.Equal(["a", "b", "c", "first"], ReadNamesFromFile());
    }

    [Fact]
    public async Task Reads_see_committed_writes()
    {
        await CreateTableAsync();
        await Within(_connections.WriteAsync(Insert("a")));

        using (var reading = _connections.Read())
        {
            using var reader = reading.Connection.Prepared("SELECT name FROM items").ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal("a", reader.GetString(0));
            Assert.False(reader.Read());
        }

        await Within(_connections.WriteAsync(Insert("b")));
        using (var reading = _connections.Read())
            Assert.Equal(2L, (long)reading.Connection.Prepared("SELECT COUNT(*) FROM items").ExecuteScalar()!);
    }

    [Fact]
    public void Prepared_keeps_one_command_per_sql_text_and_binds_fresh_parameters_each_time()
    {
        using var reading = _connections.Read();
        var connection = reading.Connection;

        var first = connection.Prepared("SELECT $x", ("$x", 1));
        Assert.Equal(1L, first.ExecuteScalar());
        var again = connection.Prepared("SELECT $x", ("$x", 2));
        Assert.Equal(2L, again.ExecuteScalar());
        var asNull = connection.Prepared("SELECT $x", ("$x", null));
        Assert.Equal(DBNull.Value, asNull.ExecuteScalar());
        var other = connection.Prepared("SELECT $x + 1", ("$x", 2));

        Assert.Same(first, again);
        Assert.Same(first, asNull);
        Assert.NotSame(first, other);
        Assert.Equal(3L, other.ExecuteScalar());
        Assert.Single(first.Parameters);
    }

    public void Dispose()
    {
        // Never leave the writer waiting on a test's gate: Dispose would wait for it.
        _releaseWriter.Set();
        _connections.Dispose();
        _writerBlocked.Dispose();
        _releaseWriter.Dispose();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    // ---- helpers ----

    private async Task CreateTableAsync()
    {
        await Within(_connections.WriteAloneAsync(connection => connection.Prepared("PRAGMA journal_mode = WAL").ExecuteScalar()));
        await Within(_connections.WriteAsync(connection =>
            connection.Prepared("CREATE TABLE items (name TEXT PRIMARY KEY)").ExecuteNonQuery()));
    }

    private static Func<PreparedSqliteConnection, int> Insert(string name) =>
        connection => connection.Prepared("INSERT INTO items (name) VALUES ($name)", ("$name", name)).ExecuteNonQuery();

    /// <summary>Queues a write that inserts <paramref name="name"/> and holds the writer until <see cref="ReleaseWriter"/>.</summary>
    private Task<int> BlockWriter(string name)
    {
        var blocker = _connections.WriteAsync(connection =>
        {
            _writerBlocked.Set();
            if (!_releaseWriter.Wait(s_patience))
                throw new TimeoutException("The test never released the writer.");
            return Insert(name)(connection);
        });
        Assert.True(_writerBlocked.Wait(s_patience), "The writer never started the blocking write");
        return blocker;
    }

    private void ReleaseWriter() => _releaseWriter.Set();

    // A probe that is dropped unrun if it gets queued at all (its token is already cancelled).
    private bool IsClosed()
    {
        try
        {
            _ = _connections.WriteAsync(_ => 0, cancellationToken: new CancellationToken(canceled: true));
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private List<string> ReadNamesFromFile()
    {
        using var connection = OpenPlain();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM items ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private SqliteConnection OpenPlain()
    {
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static Task<T> Within<T>(Task<T> task) => task.WaitAsync(s_patience);

    private static Task Within(Task task) => task.WaitAsync(s_patience);
}
