using System.ComponentModel.DataAnnotations;

namespace DesignBot.Storage.AzureTables;

/// <summary>The Azure Table Storage store's settings, bound from <c>Storage:AzureTables</c> and validated at start.</summary>
public sealed class AzureTablesStoreOptions
{
    public const string Section = "Storage:AzureTables";

    /// <summary>Connection string of an Azure Storage account, an Azure Cosmos DB for Table account or Azurite. A secret: never logged.</summary>
    [Required(ErrorMessage = "Storage:AzureTables:ConnectionString is required when Storage:Provider is AzureTables.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Starts the five table names ({prefix}reviews, threads, channels, inbox, pending): letters and digits, starting with a letter.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,40}$",
        ErrorMessage = "Storage:AzureTables:TablePrefix must start with a letter and hold only letters and digits (at most 41; Table Storage table names).")]
    public string TablePrefix { get; set; } = "designbot";
}
