using DesignBot.Core.Reminders;

namespace DesignBot.Core.Tests.Reminders;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Berlin = WorkingCalendar.For(ReminderSettings.Default, "Europe/Berlin");
    private static readonly WorkingCalendar Utc = WorkingCalendar.For(ReminderSettings.Default, null);

    private static DateTimeOffset Z(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void A_local_time_the_spring_change_skips_is_the_moment_after_the_gap()
    {
        // Berlin, Sunday 28 March 2027: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
        Assert.Equal(Z(2027, 3, 28, 1, 30), Berlin.At(new DateOnly(2027, 3, 28), new TimeOnly(2, 30)).ToUniversalTime());
        Assert.Equal(Z(2027, 3, 28, 7), Berlin.At(new DateOnly(2027, 3, 28), new TimeOnly(9, 0)).ToUniversalTime());
        Assert.Equal(Z(2027, 3, 27, 8), Berlin.At(new DateOnly(2027, 3, 27), new TimeOnly(9, 0)).ToUniversalTime());
    }

    [Fact]
    public void A_local_time_the_autumn_change_repeats_is_its_first_occurrence()
    {
        // Berlin, Sunday 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
        Assert.Equal(Z(2026, 10, 25, 0, 30), Berlin.At(new DateOnly(2026, 10, 25), new TimeOnly(2, 30)).ToUniversalTime());
        Assert.Equal(Z(2026, 10, 26, 8), Berlin.At(new DateOnly(2026, 10, 26), new TimeOnly(9, 0)).ToUniversalTime());
    }

    [Fact]
    public void Nights_and_weekends_are_not_working_time()
    {
        // Friday 27 November 2026, 17:00 UTC is the end of the day: the next working moment is Monday 09:00.
        Assert.Equal(Z(2026, 11, 30, 9), Utc.NextWorkingInstant(Z(2026, 11, 27, 17)));
        Assert.Equal(Z(2026, 11, 27, 9), Utc.NextWorkingInstant(Z(2026, 11, 27, 3)));
        Assert.Equal(Z(2026, 11, 27, 12), Utc.NextWorkingInstant(Z(2026, 11, 27, 12)));
        Assert.False(Utc.IsWorkingTime(Z(2026, 11, 28, 12)));
    }

    [Fact]
    public void Working_days_of_time_skip_nights_and_weekends()
    {
        // Friday 15:00 + one working day (8 h): 2 h on Friday, 6 h on Monday.
        Assert.Equal(Z(2026, 11, 30, 15), Utc.AddWorkingDays(Z(2026, 11, 27, 15), 1));
        Assert.Equal(Z(2026, 11, 27, 15), Utc.SubtractWorkingDays(Z(2026, 11, 30, 15), 1));
        // Half a day before a Monday 17:00 deadline is Monday 13:00.
        Assert.Equal(Z(2026, 11, 30, 13), Utc.SubtractWorkingDays(Z(2026, 11, 30, 17), 0.5));
    }

    [Fact]
    public void Working_time_across_the_spring_change_counts_working_hours_not_clock_hours()
    {
        // Friday 26 March 2027 10:00 CET (09:00 UTC) + one working day = Monday 29 March 10:00 CEST (08:00 UTC).
        Assert.Equal(Z(2027, 3, 29, 8), Berlin.AddWorkingDays(Z(2027, 3, 26, 9), 1).ToUniversalTime());
    }

    [Theory]
    [InlineData("Mon,Tue,Wed,Thu,Fri", 5)]
    [InlineData("Sun-Thu", 5)]
    [InlineData("monday friday", 2)]
    public void Reads_working_days(string text, int count)
    {
        Assert.True(ReminderSettings.TryParseDays(text, out var days));
        Assert.Equal(count, days.Count);
    }

    [Fact]
    public void Names_the_key_of_a_setting_that_cannot_work()
    {
        Assert.Null(ReminderSettings.Default.Problem());
        Assert.Contains("DesignBot:TimeZone", ReminderSettings.Default with { TimeZone = "Mars/Olympus" } is var s ? s.Problem() : null, StringComparison.Ordinal);
        Assert.Contains("DesignBot:Reminders:WorkingHours", (ReminderSettings.Default with { WorkdayStart = new(17, 0), WorkdayEnd = new(9, 0) }).Problem(), StringComparison.Ordinal);
        Assert.Contains("DesignBot:Reminders:QuietFor", (ReminderSettings.Default with { QuietForDays = 0 }).Problem(), StringComparison.Ordinal);
        Assert.False(ReminderSettings.TryParseDays("Mon,Funday", out _));
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("UTC", true)]
    [InlineData("Etc/GMT+5", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("Europe/Berlin; rm", false)]
    [InlineData("", false)]
    public void Knows_iana_time_zone_ids(string id, bool known) => Assert.Equal(known, TimeZones.TryFind(id, out _));
}
