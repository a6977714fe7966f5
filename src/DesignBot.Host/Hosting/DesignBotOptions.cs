using System.ComponentModel.DataAnnotations;

namespace DesignBot.Host.Hosting;

public sealed class DesignBotOptions
{
    public const string Section = "DesignBot";

    /// <summary>Where users reach this host; links in summary cards start with it.</summary>
    [Required(ErrorMessage = "DesignBot:PublicBaseUrl is required (e.g. http://localhost:3978) — summary links start with it.")]
    [Url(ErrorMessage = "DesignBot:PublicBaseUrl must be an absolute http(s) URL.")]
    public string PublicBaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>Signs review links (HMAC-SHA256). Empty: a key is generated on first run and kept beside the database.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>Names this host's outbox claims; must differ between hosts sharing one store. Default: machine name.</summary>
    public string? InstanceId { get; set; }
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required]
    [RegularExpression("^(Sqlite|AzureTables)$", ErrorMessage = "Storage:Provider must be Sqlite or AzureTables.")]
    public string Provider { get; set; } = "Sqlite";

    public SqliteSection Sqlite { get; set; } = new();

    public AzureTablesSection AzureTables { get; set; } = new();

    public sealed class SqliteSection
    {
        [Required(ErrorMessage = "Storage:Sqlite:Path is required (e.g. data/designbot.db).")]
        public string Path { get; set; } = "data/designbot.db";
    }

    public sealed class AzureTablesSection
    {
        /// <summary>A storage account's, a Cosmos DB for Table account's, or Azurite's connection string. A secret: never logged.</summary>
        public string? ConnectionString { get; set; }

        /// <summary>Prefix of the table names, so several deployments can share an account.</summary>
        public string TablePrefix { get; set; } = "designbot";
    }
}

public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    public bool Enabled { get; set; }

    /// <summary>The playground's own chat history (it plays the chat platform, so it keeps what was said).</summary>
    public string Path { get; set; } = "data/playground.db";
}
