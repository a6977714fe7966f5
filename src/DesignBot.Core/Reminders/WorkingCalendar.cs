namespace DesignBot.Core.Reminders;

/// <summary>
/// Working hours and days in one time zone, on instants: when the next working moment is, what a span of working time
/// adds up to, the end of a working day. Local times that a daylight-saving change skips (02:30 on the night clocks go
/// forward) are read as the moment after the gap; local times it repeats (02:30 on the night they go back) as the first.
/// </summary>
public sealed class WorkingCalendar(TimeZoneInfo zone, ReminderSettings settings)
{
    public TimeZoneInfo Zone { get; } = zone;

    public ReminderSettings Settings { get; } = settings;

    /// <summary>The review's calendar: its own time zone when it names one, else the settings' (UTC when unknown).</summary>
    public static WorkingCalendar For(ReminderSettings settings, string? reviewTimeZone) =>
        new(TimeZones.TryFind(reviewTimeZone, out var own) ? own : TimeZones.TryFind(settings.TimeZone, out var configured) ? configured : TimeZoneInfo.Utc, settings);

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The instant of a local date and time in the zone (see the class summary for skipped and repeated times).</summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Skipped by a change forward: the offset in force before the gap puts it just after the gap.
            var before = Zone.GetUtcOffset(local.AddHours(-6));
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(local, before), Zone);
        }
        if (Zone.IsAmbiguousTime(local))
        {
            var first = Zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, first);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public bool IsWorkingDay(DateOnly date) => Settings.WorkingDays.Contains(date.DayOfWeek);

    public DateTimeOffset DayStart(DateOnly date) => At(date, Settings.WorkdayStart);

    public DateTimeOffset DayEnd(DateOnly date) => At(date, Settings.WorkdayEnd);

    /// <summary>Within working hours on a working day (the end of the day is not).</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        return IsWorkingDay(date) && instant >= DayStart(date) && instant < DayEnd(date);
    }

    /// <summary>The instant itself when it is working time, else the start of the next working day's hours.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        for (var i = 0; i < 400; i++, date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
                continue;
            if (instant < DayStart(date))
                return DayStart(date);
            if (instant < DayEnd(date))
                return instant;
        }
        return instant;
    }

    /// <summary>The instant itself when it is working time or a day's end, else the end of the previous working day.</summary>
    public DateTimeOffset PreviousWorkingInstant(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        for (var i = 0; i < 400; i++, date = date.AddDays(-1))
        {
            if (!IsWorkingDay(date))
                continue;
            if (instant > DayEnd(date))
                return DayEnd(date);
            if (instant >= DayStart(date))
                return instant;
        }
        return instant;
    }

    /// <summary><paramref name="workingDays"/> working days of working time after <paramref name="from"/> (nights and weekends do not count).</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, double workingDays)
    {
        var left = Settings.WorkingDayLength * workingDays;
        var at = NextWorkingInstant(from);
        for (var i = 0; i < 4000; i++)
        {
            var end = DayEnd(LocalDate(at));
            if (at + left <= end)
                return at + left;
            left -= end - at;
            at = NextWorkingInstant(end);
        }
        return at;
    }

    /// <summary><paramref name="workingDays"/> working days of working time before <paramref name="until"/>.</summary>
    public DateTimeOffset SubtractWorkingDays(DateTimeOffset until, double workingDays)
    {
        var left = Settings.WorkingDayLength * workingDays;
        var at = PreviousWorkingInstant(until);
        for (var i = 0; i < 4000; i++)
        {
            var start = DayStart(LocalDate(at));
            if (at - left >= start)
                return at - left;
            left -= at - start;
            at = PreviousWorkingInstant(start.AddTicks(-1));
        }
        return at;
    }

    /// <summary>The date itself when it is a working day, else the working day before it.</summary>
    public DateOnly WorkingDayOnOrBefore(DateOnly date)
    {
        for (var i = 0; i < 14 && !IsWorkingDay(date); i++)
            date = date.AddDays(-1);
        return date;
    }

    /// <summary>The date itself when it is a working day, else the next working day.</summary>
    public DateOnly WorkingDayOnOrAfter(DateOnly date)
    {
        for (var i = 0; i < 14 && !IsWorkingDay(date); i++)
            date = date.AddDays(1);
        return date;
    }

    /// <summary>The working days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public IReadOnlyList<DateOnly> WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var days = new List<DateOnly>();
        for (var d = from; d <= to && days.Count < 3700; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
                days.Add(d);
        }
        return days;
    }
}
