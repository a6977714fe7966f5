using Microsoft.Data.Sqlite;

namespace DesignBot.Storage.Sqlite;

/// <summary>
/// A connection that keeps its statements prepared. The stores run a handful of small statements thousands of
/// times; SQLite's parsing and planning of each cost more than running it, so each SQL text is prepared once per
/// connection and re-bound on every use. Used by one caller at a time, like any connection.
/// </summary>
public sealed class PreparedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>
    /// The prepared command for <paramref name="sql"/> (a single statement) with these parameters bound, enlisted
    /// in the connection's open transaction. The connection owns it: do not dispose it; dispose its readers.
    /// </summary>
    public SqliteCommand Prepared(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var command in _commands.Values)
                command.Dispose();
            _commands.Clear();
        }
        base.Dispose(disposing);
    }
}
