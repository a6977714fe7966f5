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

    /// <summary>IANA time zone of reviews that name none (`--tz`): working hours, working days and digests are in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>DesignBot:Reminders:*.</summary>
    public ReminderOptions Reminders { get; set; } = new();

    /// <summary>The core's reminder settings these options describe, or the problem with them (naming the key).</summary>
    public (Core.Reminders.ReminderSettings? Settings, string? Problem) ReminderSettings()
    {
        var r = Reminders;
        if (!Core.Reminders.ReminderSettings.TryParseHours(r.WorkingHours, out var start, out var end))
            return (null, $"DesignBot:Reminders:WorkingHours must be two times of day, like 09:00-17:00 (not '{r.WorkingHours}').");
        if (!Core.Reminders.ReminderSettings.TryParseDays(r.WorkingDays, out var days))
            return (null, $"DesignBot:Reminders:WorkingDays must name days, like Mon,Tue,Wed,Thu,Fri or Sun-Thu (not '{r.WorkingDays}').");
        if (!Core.Reminders.ReminderSettings.TryParseTime(r.DigestAt, out var digestAt))
            return (null, $"DesignBot:Reminders:DigestAt must be a time of day, like 09:00 (not '{r.DigestAt}').");
        var settings = new Core.Reminders.ReminderSettings
        {
            TimeZone = TimeZone,
            WorkdayStart = start,
            WorkdayEnd = end,
            WorkingDays = days,
            QuietForDays = r.QuietFor,
            BeforeDueDays = r.BeforeDue,
            Digest = r.Digest,
            DigestAt = digestAt,
        };
        return settings.Problem() is { } problem ? (null, problem) : (settings, null);
    }
}

/// <summary>How reminders and the channel digest behave (DesignBot:Reminders:*); see the README's reminders section.</summary>
public sealed class ReminderOptions
{
    /// <summary>Working days a step thread with open questions may stay quiet before it gets a reminder (0.5 = half a day).</summary>
    public double QuietFor { get; set; } = 1;

    /// <summary>Working days before a step's due date from which its thread gets a reminder.</summary>
    public double BeforeDue { get; set; } = 1;

    public string WorkingHours { get; set; } = "09:00-17:00";

    public string WorkingDays { get; set; } = "Mon,Tue,Wed,Thu,Fri";

    /// <summary>The daily channel digest of late and nearly due reviews.</summary>
    public bool Digest { get; set; } = true;

    public string DigestAt { get; set; } = "09:00";
}

/// <summary>Checks DesignBot:TimeZone and DesignBot:Reminders:* at start, with a message naming the key.</summary>
public sealed class ReminderOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<DesignBotOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, DesignBotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ReminderSettings().Problem is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }
}

/// <summary>Which store this host uses; each store binds and validates its own section (Storage:Sqlite, Storage:AzureTables).</summary>
public static class StorageProvider
{
    public const string Key = "Storage:Provider";
    public const string Sqlite = "Sqlite";
    public const string AzureTables = "AzureTables";
}
