using DesignBot.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace DesignBot.Host.Tests;

public sealed class ReminderOptionsTests
{
    private static DesignBotOptions Bind(Dictionary<string, string?> values)
    {
        var options = new DesignBotOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(DesignBotOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public async Task A_bad_reminder_setting_stops_the_host_with_one_line_naming_the_key()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "designbot-start", Guid.NewGuid().ToString("N"));
        try
        {
            var stopped = await Testing.HostProcess.RunToExitAsync(dataDir, new Dictionary<string, string> { ["DesignBot:TimeZone"] = "Mars/Olympus" });
            Assert.Equal(1, stopped.ExitCode);
            var reason = Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("DesignBot:TimeZone: \"Mars/Olympus\" is not a known IANA time zone id", reason, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dataDir))
                Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void The_keys_bind_to_the_cores_reminder_settings()
    {
        var (settings, problem) = Bind(new()
        {
            ["DesignBot:TimeZone"] = "Europe/Berlin",
            ["DesignBot:Reminders:QuietFor"] = "0.5",
            ["DesignBot:Reminders:BeforeDue"] = "2",
            ["DesignBot:Reminders:WorkingHours"] = "08:30-16:00",
            ["DesignBot:Reminders:WorkingDays"] = "Sun-Thu",
            ["DesignBot:Reminders:Digest"] = "false",
            ["DesignBot:Reminders:DigestAt"] = "10:15",
        }).ReminderSettings();

        Assert.Null(problem);
        Assert.Equal("Europe/Berlin", settings!.TimeZone);
        Assert.Equal((new TimeOnly(8, 30), new TimeOnly(16, 0)), (settings.WorkdayStart, settings.WorkdayEnd));
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], settings.WorkingDays.Order());
        Assert.Equal((0.5, 2.0, false, new TimeOnly(10, 15)), (settings.QuietForDays, settings.BeforeDueDays, settings.Digest, settings.DigestAt));
    }

    [Fact]
    public void The_defaults_are_utc_nine_to_five_monday_to_friday()
    {
        var (settings, problem) = Bind([]).ReminderSettings();
        Assert.Null(problem);
        Assert.Equal(Core.Reminders.ReminderSettings.Default with { WorkingDays = settings!.WorkingDays }, settings);
        Assert.Equal(Core.Reminders.ReminderSettings.Default.WorkingDays.Order(), settings.WorkingDays.Order());
    }

    [Theory]
    [InlineData("DesignBot:TimeZone", "Mars/Olympus", "DesignBot:TimeZone")]
    [InlineData("DesignBot:Reminders:WorkingHours", "9 to 5", "DesignBot:Reminders:WorkingHours")]
    [InlineData("DesignBot:Reminders:WorkingHours", "17:00-09:00", "DesignBot:Reminders:WorkingHours")]
    [InlineData("DesignBot:Reminders:WorkingDays", "Mon,Funday", "DesignBot:Reminders:WorkingDays")]
    [InlineData("DesignBot:Reminders:DigestAt", "morning", "DesignBot:Reminders:DigestAt")]
    [InlineData("DesignBot:Reminders:QuietFor", "0", "DesignBot:Reminders:QuietFor")]
    [InlineData("DesignBot:Reminders:BeforeDue", "-1", "DesignBot:Reminders:BeforeDue")]
    public void A_bad_value_fails_validation_naming_its_key(string key, string value, string named)
    {
        var result = new ReminderOptionsValidator().Validate(null, Bind(new() { [key] = value }));
        Assert.True(result.Failed);
        Assert.StartsWith(named, result.FailureMessage, StringComparison.Ordinal);
    }
}
