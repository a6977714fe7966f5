using Azure.Data.Tables;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>
/// A fresh set of tables in Azurite for one test (a random prefix), deleted afterwards. Azurite's address comes from
/// DESIGNBOT_AZURITE, which scripts/test sets after starting it; without it the tests fail, they are never skipped.
/// </summary>
internal sealed class TempTables
{
    public static readonly string[] Suffixes = ["reviews", "threads", "channels", "inbox", "pending", "wakes"];

    public string ConnectionString { get; } = Environment.GetEnvironmentVariable("DESIGNBOT_AZURITE") is { Length: > 0 } connection
        ? connection
        : throw new InvalidOperationException(
            "DESIGNBOT_AZURITE is not set: the Azure Table Storage tests need Azurite. Run them with `bash scripts/test`, which starts Azurite and sets it.");

    // Table names are letters and digits starting with a letter; 12 random letters keep parallel tests apart.
    public string Prefix { get; } = "t" + string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('a' + Random.Shared.Next(26))));

    public async Task<AzureTablesReviewStore> OpenAsync(TimeProvider? clock = null)
    {
        var store = new AzureTablesReviewStore(new AzureTablesStoreOptions { ConnectionString = ConnectionString, TablePrefix = Prefix }, clock);
        await store.InitializeAsync();
        return store;
    }

    public TableClient Table(string suffix) => new TableServiceClient(ConnectionString).GetTableClient(Prefix + suffix);

    public async Task DeleteAsync()
    {
        var service = new TableServiceClient(ConnectionString);
        foreach (var suffix in Suffixes)
            await service.DeleteTableAsync(Prefix + suffix);
    }
}
