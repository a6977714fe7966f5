using DesignBot.Core.Dialogs;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reminders;

/// <summary>
/// A deadline and the steps' due dates. The deadline is the end of a working day in the review's time zone. In a
/// parallel review every step shares it; in a sequential one the working days from today to the deadline are shared out
/// among the steps not finished yet, in order, each getting days in proportion to its questions (the last step ends on
/// the deadline). Finished steps keep the due date they had.
/// </summary>
public static class DueDates
{
    /// <summary>The deadline a day names: the end of that day's working hours (of the working day before, when it is none).</summary>
    public static DateTimeOffset DeadlineOn(DateOnly day, WorkingCalendar calendar) => calendar.DayEnd(calendar.WorkingDayOnOrBefore(day));

    public static ReviewSchedule Spread(ReviewState state, ReviewTemplate template, DateTimeOffset? deadline, DateTimeOffset now, WorkingCalendar calendar)
    {
        var schedule = state.Schedule with { Deadline = deadline };
        var open = template.Steps.Where(s => state.Session(s.Id).Dialog.Status != DialogStatus.Completed).ToList();
        var dues = deadline is { } end ? DuesOf(open, state.Parallel, end, now, calendar) : open.ToDictionary(s => s.Id, _ => (DateTimeOffset?)null);
        foreach (var step in open)
        {
            var due = dues[step.Id];
            schedule = schedule.WithStep(schedule.Step(step.Id) with { DueAt = due, Late = due is { } at && at <= now });
        }
        return schedule;
    }

    private static Dictionary<string, DateTimeOffset?> DuesOf(IReadOnlyList<StepTemplate> open, bool parallel, DateTimeOffset deadline, DateTimeOffset now, WorkingCalendar calendar)
    {
        if (parallel || open.Count == 0)
            return open.ToDictionary(s => s.Id, _ => (DateTimeOffset?)deadline);
        // From today (or the next working day when today's hours are over) to the deadline's day.
        var today = calendar.LocalDate(now);
        var first = now >= calendar.DayEnd(today) ? calendar.WorkingDayOnOrAfter(today.AddDays(1)) : calendar.WorkingDayOnOrAfter(today);
        var days = calendar.WorkingDaysBetween(first, calendar.LocalDate(deadline));
        if (days.Count == 0)
            return open.ToDictionary(s => s.Id, _ => (DateTimeOffset?)deadline);
        var total = open.Sum(s => Math.Max(1, s.Questions.Count));
        var dues = new Dictionary<string, DateTimeOffset?>();
        var sofar = 0;
        for (var i = 0; i < open.Count; i++)
        {
            sofar += Math.Max(1, open[i].Questions.Count);
            var index = Math.Clamp((int)Math.Ceiling((double)sofar * days.Count / total) - 1, 0, days.Count - 1);
            dues[open[i].Id] = i == open.Count - 1 ? deadline : Min(calendar.DayEnd(days[index]), deadline);
        }
        return dues;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
