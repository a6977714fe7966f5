namespace DesignBot.Storage.Sqlite;

public sealed class SqliteStoreOptions
{
    /// <summary>Path of the database file; its folder is created if missing.</summary>
    public string Path { get; set; } = "data/designbot.db";
}
