using System.ComponentModel.DataAnnotations;

namespace DesignBot.Storage.Sqlite;

/// <summary>The embedded store's settings, bound from <c>Storage:Sqlite</c> and validated at start.</summary>
public sealed class SqliteStoreOptions
{
    public const string Section = "Storage:Sqlite";

    /// <summary>Path of the database file; its folder is created if missing. Relative paths are relative to the content root.</summary>
    [Required(ErrorMessage = "Storage:Sqlite:Path is required (e.g. data/designbot.db).")]
    public string Path { get; set; } = "data/designbot.db";
}
