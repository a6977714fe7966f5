namespace DesignBot.Storage.Sqlite.Tests;

/// <summary>A database file in a folder of its own under the temp directory, deleted with its stores.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly List<SqliteReviewStore> _stores = [];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "designbot-tests", Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(Folder, "nested", "designbot.db");

    public async Task<SqliteReviewStore> OpenAsync()
    {
        var store = new SqliteReviewStore(new SqliteStoreOptions { Path = FilePath });
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    public void Dispose()
    {
        // Pooled connections hold the file open (on Windows, deleting would fail), so close them first.
        foreach (var store in _stores)
            store.Dispose();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }
}
