using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DesignBot.Storage.Sqlite;

/// <summary>
/// Long-lived connections to one SQLite file: one writer with group commit, and reusable readers.
/// SQLite admits one writer at a time anyway. Writes queue here and one writer loop runs whatever has queued
/// in a single transaction, each write inside its own savepoint: a write that throws is rolled back alone and
/// its caller sees the exception, the others commit together. Under load one commit (one WAL append, one round
/// of file locks) then carries many writes; alone, a write commits at once. A write's task completes only
/// after its transaction committed, so callers keep "stored before acknowledged".
/// Checkpoints (copying the WAL back into the database file, with its fsyncs) run on a thread of their own,
/// so a commit never stalls behind one.
/// </summary>
public sealed class SqliteConnections : IDisposable
{
    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

    // The checkpoint thread keeps the WAL short; the writer checkpoints itself only if the WAL still grows past
    // this many pages (a backstop, e.g. while a long read holds the checkpoint back).
    private const string WriterPragmas = "PRAGMA wal_autocheckpoint = 50000;";
    private static readonly TimeSpan s_checkpointEvery = TimeSpan.FromMilliseconds(250);

    // Enough to share a commit among all the work a busy host has in flight, small enough to keep one commit short.
    private const int MaxBatch = 64;

    private readonly string _connectionString;
    // Guarded by its own lock; the writer sleeps on it without spinning (a spinning waiter costs a core here).
    private readonly Queue<WriteOperation> _writes = new();
    private bool _writerSleeping;
    private bool _closed;
    private readonly ConcurrentBag<PreparedSqliteConnection> _idleReaders = [];
    private readonly ConcurrentBag<PreparedSqliteConnection> _all = [];
    private readonly Thread _writerThread;
    private readonly Thread _checkpointThread;
    private PreparedSqliteConnection? _writer;
    // Opened with the writer, before any commit can call for a checkpoint: every connection the store holds from its
    // first write on reaches the file it locked, even if the path is renamed later (a connection opened by path
    // afterwards would create a new, empty database there).
    private volatile PreparedSqliteConnection? _checkpointer;
    private long _commitsSinceCheckpoint;
    private readonly object _checkpointLock = new();

    public SqliteConnections(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        // A thread of its own: the writer blocks on SQLite's file I/O, which must not hold up the thread pool.
        _writerThread = new Thread(RunWriter) { Name = "sqlite-writer", IsBackground = true };
        _writerThread.Start();
        _checkpointThread = new Thread(RunCheckpoints) { Name = "sqlite-checkpoint", IsBackground = true };
        _checkpointThread.Start();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside a transaction (commands it creates enlist in
    /// it) and completes once that transaction committed. <paramref name="committed"/>, when given, runs right
    /// after the commit, still in commit order (for caches that must follow the file).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<PreparedSqliteConnection, T> work, Action<T>? committed = null, CancellationToken cancellationToken = default) =>
        Enqueue(new WriteOperation<T>(work, committed, ownConnectionState: false, cancellationToken));

    /// <summary>Runs <paramref name="work"/> on the writer connection alone, outside any transaction (schema, pragmas).</summary>
    public Task<T> WriteAloneAsync<T>(Func<PreparedSqliteConnection, T> work, CancellationToken cancellationToken = default) =>
        Enqueue(new WriteOperation<T>(work, committed: null, ownConnectionState: true, cancellationToken));

    /// <summary>A reader connection (WAL: readers never wait for the writer).</summary>
    public Lease Read() => new(this, _idleReaders.TryTake(out var reader) ? reader : Open());

    public void Dispose()
    {
        lock (_writes)
        {
            _closed = true;
            Monitor.Pulse(_writes);
        }
        // The writer finishes the writes already queued; nothing is left half-done on the connection we close.
        _writerThread.Join(TimeSpan.FromSeconds(10));
        lock (_checkpointLock)
            Monitor.Pulse(_checkpointLock);
        _checkpointThread.Join(TimeSpan.FromSeconds(10));
        foreach (var connection in _all)
            connection.Dispose();
    }

    private Task<T> Enqueue<T>(WriteOperation<T> operation)
    {
        lock (_writes)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _writes.Enqueue(operation);
            if (_writerSleeping)
                Monitor.Pulse(_writes);
        }
        return operation.Task;
    }

    private void RunWriter()
    {
        var batch = new List<WriteOperation>(MaxBatch);
        while (TakeBatch(batch))
        {
            try
            {
                if (_writer is null)
                {
                    _checkpointer ??= Open();
                    _writer = Open(WriterPragmas);
                }
                if (batch[0].OwnConnectionState)
                    RunAlone(batch[0]);
                else
                    RunBatch(batch);
            }
            catch (Exception ex)
            {
                // Opening the file failed: every write of the batch fails with the reason.
                foreach (var operation in batch)
                    operation.Fail(ex);
            }
            batch.Clear();
        }
    }

    // Waits for writes, then takes whatever has queued (up to MaxBatch); an operation that needs the connection
    // to itself is taken alone. False once closed and drained.
    private bool TakeBatch(List<WriteOperation> batch)
    {
        lock (_writes)
        {
            while (batch.Count == 0)
            {
                while (_writes.Count == 0)
                {
                    if (_closed)
                        return false;
                    _writerSleeping = true;
                    Monitor.Wait(_writes);
                    _writerSleeping = false;
                }
                while (batch.Count < MaxBatch && _writes.TryPeek(out var next) && !(next.OwnConnectionState && batch.Count > 0))
                {
                    _writes.Dequeue();
                    if (next.TryStart())
                        batch.Add(next);
                    if (next.OwnConnectionState)
                        break;
                }
            }
            return true;
        }
    }

    private void RunAlone(WriteOperation operation)
    {
        try
        {
            operation.Run(_writer!);
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            return;
        }
        operation.Succeed();
    }

    private void RunBatch(List<WriteOperation> batch)
    {
        var connection = _writer!;
        var failed = new Exception?[batch.Count];
        try
        {
            using var transaction = connection.BeginTransaction();
            if (batch.Count == 1)
            {
                // Alone in its transaction: no savepoint needed, a failure rolls the transaction back.
                batch[0].Run(connection);
            }
            else
            {
                // Savepoints through prepared statements: SqliteTransaction.Save would parse them anew every time.
                for (var i = 0; i < batch.Count; i++)
                {
                    connection.Prepared("SAVEPOINT write").ExecuteNonQuery();
                    try
                    {
                        batch[i].Run(connection);
                        connection.Prepared("RELEASE write").ExecuteNonQuery();
                    }
                    catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_IOERR })
                    {
                        connection.Prepared("ROLLBACK TO write").ExecuteNonQuery();
                        connection.Prepared("RELEASE write").ExecuteNonQuery();
                        failed[i] = ex;
                    }
                }
            }
            transaction.Commit();
            Interlocked.Increment(ref _commitsSinceCheckpoint);
        }
        catch (Exception ex)
        {
            // Nothing of the batch is stored: every write fails, with its own exception where it had one.
            for (var i = 0; i < batch.Count; i++)
                batch[i].Fail(failed[i] ?? ex);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (failed[i] is { } ex)
                batch[i].Fail(ex);
            else
                batch[i].Succeed();
        }
    }

    // Copies committed pages from the WAL into the database file a few times a second, while the writer goes on
    // (a passive checkpoint never blocks writers or readers); the writer restarts the WAL once it is all copied.
    private void RunCheckpoints()
    {
        while (true)
        {
            lock (_checkpointLock)
            {
                if (!_closed)
                    Monitor.Wait(_checkpointLock, s_checkpointEvery);
                if (_closed)
                    return;
            }
            // No commit yet means no writer yet, and no checkpoint connection either.
            if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0 || _checkpointer is not { } connection)
                continue;
            try
            {
                connection.Prepared("PRAGMA wal_checkpoint(PASSIVE)").ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or a bad moment of the disk: the next round tries again, and the writer's backstop remains.
            }
        }
    }

    private PreparedSqliteConnection Open(string? pragmas = null)
    {
        var connection = new PreparedSqliteConnection(_connectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = ConnectionPragmas + pragmas;
            command.ExecuteNonQuery();
        }
        _all.Add(connection);
        return connection;
    }

    private void Return(PreparedSqliteConnection connection) => _idleReaders.Add(connection);

    public readonly struct Lease : IDisposable
    {
        private readonly SqliteConnections _owner;

        internal Lease(SqliteConnections owner, PreparedSqliteConnection connection)
        {
            _owner = owner;
            Connection = connection;
        }

        public PreparedSqliteConnection Connection { get; }

        public void Dispose() => _owner.Return(Connection);
    }

    private abstract class WriteOperation
    {
        public abstract bool OwnConnectionState { get; }

        /// <summary>False when the caller gave up (cancelled) before the write started: it is dropped.</summary>
        public abstract bool TryStart();

        public abstract void Run(PreparedSqliteConnection connection);

        public abstract void Succeed();

        public abstract void Fail(Exception ex);
    }

    private sealed class WriteOperation<T>(Func<PreparedSqliteConnection, T> work, Action<T>? committed, bool ownConnectionState, CancellationToken cancellationToken)
        : WriteOperation
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override bool OwnConnectionState => ownConnectionState;

        public override bool TryStart()
        {
            if (!cancellationToken.IsCancellationRequested)
                return true;
            _done.TrySetCanceled(cancellationToken);
            return false;
        }

        public override void Run(PreparedSqliteConnection connection) => _result = work(connection);

        public override void Succeed()
        {
            try
            {
                committed?.Invoke(_result!);
            }
            catch (Exception)
            {
                // The write is in the file whatever its follow-up did: its caller is told so, and the other
                // writes of the batch are not affected. (The stores' follow-ups only move in-memory entries.)
            }
            _done.TrySetResult(_result!);
        }

        public override void Fail(Exception ex) => _done.TrySetException(ex);
    }
}
