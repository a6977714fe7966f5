using System.ComponentModel.DataAnnotations;

namespace DesignBot.Host.Hosting;

public sealed class DesignBotOptions
{
    public const string Section = "DesignBot";

    /// <summary>Where users reach this host; links in summary cards start with it.</summary>
    [Required(ErrorMessage = "DesignBot:PublicBaseUrl is required (e.g. http://localhost:3978) — summary links start with it.")]
    [Url(ErrorMessage = "DesignBot:PublicBaseUrl must be an absolute http(s) URL.")]
    public string PublicBaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>Signs review links (HMAC-SHA256). Empty: a key is generated on first run and kept beside the SQLite database.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>
    /// Seconds the waterfall waits after an answer before it asks the next question, so that answers typed at the same
    /// time land together on the question their authors saw (see <see cref="Core.Reviews.ReviewEngine.DefaultSettle"/>).
    /// 0 asks at once (tests, benchmarks).
    /// </summary>
    [Range(0, 60, ErrorMessage = "DesignBot:SettleSeconds must be between 0 and 60.")]
    public double SettleSeconds { get; set; } = Core.Reviews.ReviewEngine.DefaultSettle.TotalSeconds;

    /// <summary>
    /// The folder of the team's review templates (`*.yaml`, `*.yml`), relative to the content root (beside
    /// appsettings.json). Unset: `templates/` there, which may be missing; a folder that is set must exist. The files are
    /// loaded and checked at start beside the built-in templates (see <see cref="HostTemplates"/>).
    /// </summary>
    public string? TemplatesPath { get; set; }
}

/// <summary>Which store this host uses; each store binds and validates its own section (Storage:Sqlite, Storage:AzureTables).</summary>
public static class StorageProvider
{
    public const string Key = "Storage:Provider";
    public const string Sqlite = "Sqlite";
    public const string AzureTables = "AzureTables";
}
