namespace DesignBot.Storage.Sqlite;

/// <summary>
/// Makes this process the one owner of a database file before SQLite opens it, and keeps it so until disposed; the
/// operating system releases the claim when the process ends, however it ends (a kill -9 included). Also creates the
/// files owner-only: the database holds every answer and signed link.
/// <para>
/// Why the database file itself is locked, and not a lock file beside it: a lock file can be deleted (or replaced)
/// while its owner runs, and the next host then locks a new file of the same name and opens the same database. Here
/// the lock is an exclusive <c>flock</c> on the database file's inode, which is what .NET takes for a FileStream opened
/// with <see cref="FileShare.None"/> on Unix. Deleting or renaming the path does not release it, and a second
/// process can only reach our data through that same inode, whose lock it cannot take. (A file put in place of ours
/// is another database; SQLite's own locks are <c>fcntl</c> locks, which neither see nor disturb the <c>flock</c>, so
/// SQLite opens the locked file freely.) On Windows sharing modes are mandatory and SQLite could not open a file held
/// that way, but a file open without delete sharing cannot be deleted there, so a lock file beside it is enough.
/// </para>
/// </summary>
internal sealed class SqliteFileOwner : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;

    // What SQLite keeps beside the database in WAL mode; it creates them with the database file's permissions.
    private static readonly string[] s_companions = ["-wal", "-shm"];

    private readonly FileStream _held;

    private SqliteFileOwner(FileStream held) => _held = held;

    /// <summary>
    /// Takes the file (creating it, and its folder, owner-only if missing). Throws <see cref="InvalidOperationException"/>
    /// when another process (or another store in this one) holds it; nothing is created then.
    /// </summary>
    public static SqliteFileOwner Take(string path)
    {
        if (!OperatingSystem.IsWindows() && FileLockingDisabled())
        {
            throw new InvalidOperationException(
                "The SQLite store needs file locking to keep a second host off its database, and DOTNET_SYSTEM_IO_DISABLEFILELOCKING "
                + "(System.IO.DisableFileLocking) turns it off. Unset it.");
        }
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(folder);
            else
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        FileStream held;
        try
        {
            held = OperatingSystem.IsWindows()
                ? new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = OwnerOnly,
                });
        }
        catch (IOException ex)
        {
            throw Refused(path, ex);
        }

        if (!OperatingSystem.IsWindows())
            RestrictExisting(path);
        return new SqliteFileOwner(held);
    }

    /// <summary>The message a refused host reports (one line).</summary>
    public static InvalidOperationException Refused(string path, Exception? inner) => new(
        $"Another process is using the SQLite database '{path}'. The SQLite store serves one DesignBot host; "
        + "stop the other one, give this one its own Storage:Sqlite:Path, or use Azure Table Storage to run several hosts.", inner);

    // Files made before the store created them owner-only (or copied in) lose their group and other bits.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void RestrictExisting(string path)
    {
        foreach (var file in s_companions.Select(suffix => path + suffix).Prepend(path))
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0)
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) & OwnerOnly);
        }
    }

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "True" or "TRUE";

    public void Dispose() => _held.Dispose();
}
