namespace DesignBot.Storage.AzureTables;

public sealed class AzureTablesStoreOptions
{
    /// <summary>Connection string of an Azure Storage account, an Azure Cosmos DB for Table account or Azurite.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Starts the five table names ({prefix}reviews, threads, channels, inbox, pending): letters and digits, starting with a letter.</summary>
    public string TablePrefix { get; set; } = "designbot";
}
