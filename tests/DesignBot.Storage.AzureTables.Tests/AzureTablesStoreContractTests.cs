using DesignBot.Core.Storage;
using DesignBot.Storage.Contract;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>The storage contract against fresh tables in Azurite per test.</summary>
public sealed class AzureTablesStoreContractTests : ReviewStoreContract, IAsyncLifetime
{
    private readonly TempTables _tables = new();

    protected override async Task<IReviewStore> CreateStoreAsync() => await _tables.OpenAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _tables.DeleteAsync();
}
