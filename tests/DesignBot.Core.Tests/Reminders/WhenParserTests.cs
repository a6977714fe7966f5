using DesignBot.Core.Reminders;

namespace DesignBot.Core.Tests.Reminders;

public class WhenParserTests
{
    // Thursday 26 November 2026.
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly WorkingCalendar Utc = WorkingCalendar.For(ReminderSettings.Default, "UTC");

    [Theory]
    [InlineData("friday", "2026-11-27")]
    [InlineData("Fri", "2026-11-27")]
    [InlineData("by friday", "2026-11-27")]
    [InlineData("next monday", "2026-11-30")]
    [InlineData("monday", "2026-11-30")]
    [InlineData("thursday", "2026-12-03")]
    [InlineData("tomorrow", "2026-11-27")]
    [InlineData("today", "2026-11-26")]
    [InlineData("in 5 days", "2026-12-01")]
    [InlineData("5 days", "2026-12-01")]
    [InlineData("in 1 day", "2026-11-27")]
    [InlineData("in 2 weeks", "2026-12-10")]
    [InlineData("in 3 working days", "2026-12-01")]
    [InlineData("in 1 month", "2026-12-26")]
    [InlineData("2026-12-18", "2026-12-18")]
    [InlineData("18 Dec", "2026-12-18")]
    [InlineData("Dec 18", "2026-12-18")]
    [InlineData("10 jan", "2027-01-10")]
    [InlineData("next week", "2026-11-30")]
    public void Reads_the_days_members_write(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), WhenParser.ParseDay(text, Today, Utc));

    [Theory]
    [InlineData("whenever")]
    [InlineData("")]
    [InlineData("in 0 days")]
    [InlineData("2026-13-01")]
    [InlineData("friday week after")]
    [InlineData("in -3 days")]
    public void Says_no_to_what_is_no_day(string text) => Assert.Null(WhenParser.ParseDay(text, Today, Utc));

    [Theory]
    [InlineData("in 3 hours", 3)]
    [InlineData("2h", 2)]
    [InlineData("for 1 hour", 1)]
    public void Reads_hours_for_snooze(string text, int hours) => Assert.Equal(TimeSpan.FromHours(hours), WhenParser.ParseHours(text));
}
