using System.Globalization;
using System.Text.RegularExpressions;

namespace DesignBot.Core.Reminders;

/// <summary>
/// When a member means, for `--due`, `/design due` and `/design snooze`: `today`, `tomorrow`, `friday` (or `fri`, `next
/// friday`: the first Friday after today), `in 5 days`, `in 2 weeks`, `in 3 working days`, `2026-12-18`, `18 Dec`; for
/// snooze also `in 3 hours`. Days are read in the review's time zone.
/// </summary>
public static partial class WhenParser
{
    public const string Understood = "`friday` (or `next friday`), `tomorrow`, `today`, `in 5 days`, `in 2 weeks`, `in 3 working days` or a date like `2026-12-18`";

    /// <summary>A day, or null when the text is not one.</summary>
    public static DateOnly? ParseDay(string text, DateOnly today, WorkingCalendar calendar)
    {
        var t = Normalize(text);
        switch (t)
        {
            case "today" or "eod" or "end of day":
                return today;
            case "tomorrow" or "tmrw" or "tmr":
                return today.AddDays(1);
            case "next week":
                return NextWeekday(today, DayOfWeek.Monday);
            case "end of week" or "eow" or "this week":
                return calendar.WorkingDayOnOrBefore(NextWeekdayOrToday(today, DayOfWeek.Sunday));
        }
        var weekday = WeekdayRegex().Match(t);
        if (weekday.Success && ReminderSettings.DayOf(weekday.Groups["day"].Value) is { } day)
            return NextWeekday(today, day);
        var span = InRegex().Match(t);
        if (span.Success && int.TryParse(span.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 3650)
        {
            var unit = span.Groups["unit"].Value;
            if (span.Groups["working"].Success)
                return AddWorkingDays(today, unit.StartsWith('w') ? n * calendar.Settings.WorkingDays.Count : n, calendar);
            return unit.StartsWith('w') ? today.AddDays(7 * n) : unit.StartsWith('m') ? today.AddMonths(n) : today.AddDays(n);
        }
        if (DateOnly.TryParseExact(t, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return iso;
        if (DateOnly.TryParseExact(t, ["d MMM", "d MMMM", "MMM d", "MMMM d", "d MMM yyyy", "d MMMM yyyy", "MMM d yyyy", "MMMM d yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var named))
        {
            // A day and month without a year is the next one to come.
            if (!YearRegex().IsMatch(t) && named.AddYears(today.Year - named.Year) is var thisYear)
                return thisYear >= today ? thisYear : thisYear.AddYears(1);
            return named;
        }
        return null;
    }

    /// <summary>A span of hours (`in 3 hours`, `2h`), for snooze; null when the text is not one.</summary>
    public static TimeSpan? ParseHours(string text)
    {
        var match = HoursRegex().Match(Normalize(text));
        return match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 24 * 30
            ? TimeSpan.FromHours(n)
            : null;
    }

    private static string Normalize(string text) =>
        SpaceRegex().Replace(text.Trim().TrimEnd('.', '!').ToLowerInvariant().Replace(",", " ", StringComparison.Ordinal), " ").Replace("by ", "", StringComparison.Ordinal).Replace("until ", "", StringComparison.Ordinal).Trim();

    private static DateOnly NextWeekday(DateOnly today, DayOfWeek day)
    {
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    private static DateOnly NextWeekdayOrToday(DateOnly today, DayOfWeek day) =>
        today.AddDays(((int)day - (int)today.DayOfWeek + 7) % 7);

    private static DateOnly AddWorkingDays(DateOnly today, int n, WorkingCalendar calendar)
    {
        var d = today;
        for (var added = 0; added < n;)
        {
            d = d.AddDays(1);
            if (calendar.IsWorkingDay(d))
                added++;
        }
        return d;
    }

    [GeneratedRegex(@"^(?:next\s+|this\s+|on\s+)?(?<day>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")]
    private static partial Regex WeekdayRegex();

    [GeneratedRegex(@"^(?:in\s+)?(?<n>\d{1,4})\s*(?<working>working\s+|work\s+|business\s+)?(?<unit>days?|d|weeks?|w|months?)$")]
    private static partial Regex InRegex();

    [GeneratedRegex(@"^(?:in\s+|for\s+)?(?<n>\d{1,4})\s*(?:hours?|hrs?|h)$")]
    private static partial Regex HoursRegex();

    [GeneratedRegex(@"\b\d{4}\b")]
    private static partial Regex YearRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpaceRegex();
}
