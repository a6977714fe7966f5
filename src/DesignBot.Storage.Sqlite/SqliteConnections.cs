using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DesignBot.Storage.Sqlite;

/// <summary>
/// Long-lived connections to one SQLite file: a single writer, entered one caller at a time, and reusable
/// readers. SQLite admits one writer anyway; queueing writers here (async) is far cheaper than colliding in
/// SQLite's sleeping busy handler, and keeping connections open avoids re-opening (and finalizer churn) per call.
/// </summary>
public sealed class SqliteConnections : IDisposable
{
    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly ConcurrentBag<SqliteConnection> _all = [];
    private SqliteConnection? _writer;

    public SqliteConnections(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
    }

    /// <summary>Waits for the writer; dispose the lease to let the next writer in.</summary>
    public async Task<Lease> WriteAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _writer ??= Open();
            return new Lease(this, _writer, isWriter: true);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>A reader connection (WAL: readers never wait for the writer).</summary>
    public Lease Read() => new(this, _idleReaders.TryTake(out var reader) ? reader : Open(), isWriter: false);

    public void Dispose()
    {
        foreach (var connection in _all)
            connection.Dispose();
        _writeGate.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
        }
        _all.Add(connection);
        return connection;
    }

    private void Return(SqliteConnection connection, bool isWriter)
    {
        if (isWriter)
            _writeGate.Release();
        else
            _idleReaders.Add(connection);
    }

    public readonly struct Lease : IDisposable, IAsyncDisposable
    {
        private readonly SqliteConnections _owner;
        private readonly bool _isWriter;

        internal Lease(SqliteConnections owner, SqliteConnection connection, bool isWriter)
        {
            _owner = owner;
            Connection = connection;
            _isWriter = isWriter;
        }

        public SqliteConnection Connection { get; }

        public void Dispose() => _owner.Return(Connection, _isWriter);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
