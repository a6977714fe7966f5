using DesignBot.Core.Storage;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace DesignBot.Storage.Sqlite;

/// <summary>Which SQLite failures are a bad moment (<see cref="TransientStoreException"/>) and which surface as they are.</summary>
internal static class SqliteErrors
{
    /// <summary>
    /// Busy or locked past the busy timeout, an I/O error, a full disk: the same call may succeed later. Everything else
    /// (a file that cannot be opened, a read-only or corrupt file, a constraint) is not, and surfaces as it is.
    /// </summary>
    public static bool IsTransient(SqliteException ex) =>
        ex.SqliteErrorCode is SQLITE_BUSY or SQLITE_LOCKED or SQLITE_IOERR or SQLITE_FULL;

    public static TransientStoreException Transient(SqliteException ex) =>
        new($"The SQLite database had a bad moment ({ex.SqliteErrorCode}: {ex.Message}).", ex);
}
