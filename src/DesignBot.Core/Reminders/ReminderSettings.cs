using System.Globalization;

namespace DesignBot.Core.Reminders;

/// <summary>
/// How reminders and digests behave (DesignBot:TimeZone, DesignBot:Reminders:*): the time zone a review keeps unless it
/// names its own (`--tz`), the working hours and days in it, how long a step thread may stay quiet and how close its due
/// date may come (both in working days) before its thread gets a reminder, and the channel digest.
/// </summary>
public sealed record ReminderSettings
{
    public static ReminderSettings Default { get; } = new();

    /// <summary>IANA time zone id of reviews that name none.</summary>
    public string TimeZone { get; init; } = "UTC";

    public TimeOnly WorkdayStart { get; init; } = new(9, 0);

    public TimeOnly WorkdayEnd { get; init; } = new(17, 0);

    public IReadOnlySet<DayOfWeek> WorkingDays { get; init; } = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    /// <summary>A step thread with open questions and no reply for this many working days gets a reminder.</summary>
    public double QuietForDays { get; init; } = 1;

    /// <summary>A step with open questions whose due date is this many working days away (or less) gets a reminder.</summary>
    public double BeforeDueDays { get; init; } = 1;

    /// <summary>The channel digest of late and nearly due reviews, once a working day.</summary>
    public bool Digest { get; init; } = true;

    /// <summary>When the digest goes out, in the review's time zone.</summary>
    public TimeOnly DigestAt { get; init; } = new(9, 0);

    /// <summary>At most one `/design remind` reminder per step within this time.</summary>
    public TimeSpan RemindCommandInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The working hours of one day: what a "working day" of QuietFor and BeforeDue lasts.</summary>
    public TimeSpan WorkingDayLength => WorkdayEnd.ToTimeSpan() - WorkdayStart.ToTimeSpan();

    /// <summary>Why these settings cannot work, naming the key; null when they can.</summary>
    public string? Problem()
    {
        if (!TimeZones.TryFind(TimeZone, out _))
            return $"DesignBot:TimeZone: \"{TimeZone}\" is not a known IANA time zone id (e.g. UTC, Europe/Berlin, America/New_York).";
        if (WorkdayEnd <= WorkdayStart)
            return "DesignBot:Reminders:WorkingHours: the end must be after the start (e.g. 09:00-17:00).";
        if (WorkingDays.Count == 0)
            return "DesignBot:Reminders:WorkingDays: name at least one day (e.g. Mon,Tue,Wed,Thu,Fri).";
        if (QuietForDays is <= 0 or > 30 || double.IsNaN(QuietForDays))
            return "DesignBot:Reminders:QuietFor: a number of working days above 0 and at most 30 (e.g. 1 or 0.5).";
        if (BeforeDueDays is < 0 or > 30 || double.IsNaN(BeforeDueDays))
            return "DesignBot:Reminders:BeforeDue: a number of working days from 0 to 30 (e.g. 1).";
        return null;
    }

    /// <summary>"09:00-17:00" → start and end; false when it is not two times of day.</summary>
    public static bool TryParseHours(string text, out TimeOnly start, out TimeOnly end)
    {
        start = end = default;
        var parts = text.Split(['-', '–'], StringSplitOptions.TrimEntries);
        return parts.Length == 2 && TryParseTime(parts[0], out start) && TryParseTime(parts[1], out end);
    }

    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>"Mon,Tue,Wed" or "Monday, Friday" (or "Mon-Fri") → the days; false when a name is not a day.</summary>
    public static bool TryParseDays(string text, out IReadOnlySet<DayOfWeek> days)
    {
        var set = new HashSet<DayOfWeek>();
        days = set;
        foreach (var part in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split(['-', '–'], StringSplitOptions.TrimEntries);
            if (range.Length == 2 && DayOf(range[0]) is { } from && DayOf(range[1]) is { } to)
            {
                for (var d = from; ; d = (DayOfWeek)(((int)d + 1) % 7))
                {
                    set.Add(d);
                    if (d == to)
                        break;
                }
                continue;
            }
            if (range.Length != 1 || DayOf(part) is not { } day)
                return false;
            set.Add(day);
        }
        return set.Count > 0;
    }

    internal static DayOfWeek? DayOf(string word)
    {
        var w = word.Trim().ToLowerInvariant();
        if (w.Length < 2)
            return null;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (name == w || (w.Length >= 3 && name.StartsWith(w, StringComparison.Ordinal)) || (w == "tues" && day == DayOfWeek.Tuesday) || (w == "thur" && day == DayOfWeek.Thursday))
                return day;
        }
        return null;
    }
}

/// <summary>IANA time zone ids, looked up once each (TimeZoneInfo reads the system's tz database on Linux).</summary>
public static class TimeZones
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> Found = new(StringComparer.Ordinal);

    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
            return false;
        var key = id.Trim();
        // IANA ids are letters, digits and `/ _ + -`: anything else (a path, say) is no id, and never reaches the file system.
        if (key.Length > 64 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '-')) || key.Contains("..", StringComparison.Ordinal))
            return false;
        if (Found.TryGetValue(key, out var known))
        {
            zone = known;
            return true;
        }
        try
        {
            // Only zones that exist are kept: what members type cannot grow the cache.
            zone = Found.GetOrAdd(key, TimeZoneInfo.FindSystemTimeZoneById(key));
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
