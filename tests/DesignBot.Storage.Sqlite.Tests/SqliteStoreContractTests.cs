using DesignBot.Core.Storage;
using DesignBot.Storage.Contract;

namespace DesignBot.Storage.Sqlite.Tests;

/// <summary>The storage contract against a fresh SQLite file per test.</summary>
public sealed class SqliteStoreContractTests : ReviewStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override async Task<IReviewStore> CreateStoreAsync() => await _database.OpenAsync();

    public void Dispose() => _database.Dispose();
}
