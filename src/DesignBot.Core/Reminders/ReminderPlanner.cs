using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reminders;

/// <summary>
/// When a review's reminders and digest are due, from its state alone (and, for what is already overdue, the clock):
/// pure, so every turn can recompute <see cref="ReviewState.NextWakeAt"/> and a wake-up can tell what is due now.
/// </summary>
public sealed class ReminderPlanner(ReviewTemplate template, ReminderSettings settings)
{
    public ReminderSettings Settings { get; } = settings;

    /// <summary>How long a step thread must have been quiet before a near-due reminder interrupts it.</summary>
    public static readonly TimeSpan NearDueQuiet = TimeSpan.FromHours(1);

    public WorkingCalendar CalendarOf(ReviewState state) => WorkingCalendar.For(Settings, state.Schedule.TimeZone);

    /// <summary>
    /// The step's questions still open (0-based), in order: without an answer, and without a default to fall back on
    /// (as the summary's open items count them) unless the thread is waiting on that very question now.
    /// </summary>
    public static IReadOnlyList<int> OpenQuestions(ReviewView view, StepTemplate step)
    {
        var dialog = view.State.Session(step.Id).Dialog;
        var waitingOn = dialog.Status == DialogStatus.Active ? dialog.Index : -1;
        return [.. Enumerable.Range(0, step.Questions.Count)
            .Where(i => !view.IsAnswered(step.Id, i) && (step.Questions[i].Default is null || i == waitingOn))];
    }

    /// <summary>
    /// When the step's next automatic reminder is due: it is open with unanswered questions, and its thread has been quiet
    /// for QuietFor (since it opened, its latest reply or its latest reminder) or its due date is BeforeDue away; never
    /// twice on one local day, never while snoozed, always in working hours. Null when none can come.
    /// </summary>
    public DateTimeOffset? ReminderDue(ReviewView view, StepTemplate step)
    {
        var state = view.State;
        if (state.Status != ReviewStatus.Active || state.Session(step.Id).Dialog.Status != DialogStatus.Active || OpenQuestions(view, step).Count == 0)
            return null;
        var calendar = CalendarOf(state);
        var timing = state.Schedule.Step(step.Id);
        var quietSince = Max(Max(timing.OpenedAt ?? state.CreatedAt, timing.LastReplyAt), timing.LastReminderAt);
        var due = calendar.AddWorkingDays(quietSince, Settings.QuietForDays);
        // Near the due date a reminder comes even to a thread that is talking, but not in the hour after it spoke (or opened).
        if (timing.DueAt is { } stepDue)
            due = Min(due, Max(calendar.SubtractWorkingDays(stepDue, Settings.BeforeDueDays), quietSince + NearDueQuiet));
        if (timing.LastReminderAt is { } last)
            due = Max(due, calendar.At(calendar.LocalDate(last).AddDays(1), TimeOnly.MinValue));
        due = Max(due, state.Schedule.SnoozedUntil);
        return calendar.NextWorkingInstant(due);
    }

    /// <summary>
    /// When the review next belongs in the channel digest: the digest time of the first working day after the last digest
    /// on which the review is late (an open step past its due date) or due within a working day. Null when digests are
    /// off, the review has no deadline or is not active. With <paramref name="now"/>, days before its local day are passed
    /// over: a digest missed on an earlier day (the review was finished, snoozed or digests off) is not sent late.
    /// </summary>
    public DateTimeOffset? DigestDue(ReviewState state, DateTimeOffset? now = null)
    {
        if (!Settings.Digest || state.Status != ReviewStatus.Active || state.Schedule.Deadline is not { } deadline)
            return null;
        var calendar = CalendarOf(state);
        var from = calendar.LocalDate(state.CreatedAt);
        if (state.Schedule.LastDigestDay is { } last && last.AddDays(1) > from)
            from = last.AddDays(1);
        if (now is { } today && calendar.LocalDate(today) > from)
            from = calendar.LocalDate(today);
        // Nothing can qualify before the earliest open step's due date or a few days before the deadline: start there.
        var earliest = OpenDues(state).Append(deadline.AddDays(-7)).Min();
        var earliestDay = calendar.LocalDate(earliest).AddDays(-1);
        if (earliestDay > from)
            from = earliestDay;
        for (var day = from; day <= from.AddDays(400); day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
                continue;
            var at = calendar.At(day, Settings.DigestAt);
            if (at < state.CreatedAt || (state.Schedule.SnoozedUntil is { } snoozed && at < snoozed))
                continue;
            if (InDigest(state, at, calendar))
                return at;
        }
        return null;
    }

    /// <summary>Late at <paramref name="at"/> (an open step past its due date), or due within a working day of it.</summary>
    public static bool InDigest(ReviewState state, DateTimeOffset at, WorkingCalendar calendar) =>
        state.Schedule.Deadline is { } deadline && (LateAt(state, at).Count > 0 || deadline <= calendar.AddWorkingDays(at, 1));

    /// <summary>The steps not finished whose due date has passed at <paramref name="at"/>.</summary>
    public static IReadOnlyList<string> LateAt(ReviewState state, DateTimeOffset at) =>
        [.. state.Steps.Where(s => s.Dialog.Status != DialogStatus.Completed && state.Schedule.Step(s.StepId).DueAt is { } due && due <= at).Select(s => s.StepId)];

    /// <summary>
    /// The next moment something may be due for the review: a reminder, the digest, or an open step turning late (the card
    /// says so). What is already overdue is due at the next working moment from now. Null when nothing can come.
    /// </summary>
    public DateTimeOffset? NextWakeAt(ReviewView view, DateTimeOffset now)
    {
        var state = view.State;
        if (state.Status != ReviewStatus.Active)
            return null;
        var calendar = CalendarOf(state);
        var candidates = new List<DateTimeOffset>();
        foreach (var step in template.Steps)
        {
            if (ReminderDue(view, step) is { } reminder)
                candidates.Add(reminder < now ? calendar.NextWorkingInstant(now) : reminder);
            var timing = state.Schedule.Step(step.Id);
            if (!timing.Late && timing.DueAt is { } due && state.Session(step.Id).Dialog.Status != DialogStatus.Completed)
                candidates.Add(Max(due, now));
        }
        // A digest overdue today (an outage, or a digest time outside working hours) goes at the next working moment.
        if (DigestDue(state, now) is { } digest)
            candidates.Add(digest < now ? calendar.NextWorkingInstant(now) : digest);
        return candidates.Count == 0 ? null : candidates.Min();
    }

    /// <summary>
    /// The one place every review decision passes through: the steps that opened and the replies of this turn are noted in
    /// the schedule, and the review's wake time is recomputed from the new state, so a reply, a deadline change or a
    /// snooze replaces the old wake time in the same commit.
    /// </summary>
    public Decision Refresh(TurnInput input, Decision decision)
    {
        if (decision.AwaitsPosts || decision.ReviewId is null)
            return decision;
        var before = input.Review?.State;
        if ((decision.NewState ?? before) is not { } state || state.Id != decision.ReviewId)
            return decision;
        var answers = (input.Review?.Answers ?? [])
            .Where(a => !decision.DeletedAnswerIds.Contains(a.Id) && decision.UpsertAnswers.All(u => u.Id != a.Id))
            .Concat(decision.UpsertAnswers)
            .ToList();
        var schedule = state.Schedule;
        var changed = false;
        // A review stored before reviews had a time zone gets the configured one, so its messages say the zone it runs in.
        if (schedule.TimeZone is null)
        {
            schedule = schedule with { TimeZone = Settings.TimeZone };
            changed = true;
        }
        foreach (var session in state.Steps)
        {
            var timing = schedule.Step(session.StepId);
            var wasActive = before?.Session(session.StepId).Dialog.Status == DialogStatus.Active;
            var opened = session.Dialog.Status == DialogStatus.Active && !wasActive ? input.Now : timing.OpenedAt;
            var replied = decision.UpsertAnswers.Where(a => a.StepId == session.StepId).Select(a => (DateTimeOffset?)a.SentAt).Append(timing.LastReplyAt);
            if (input.Event is ThreadReplyEvent reply && input.StepId == session.StepId)
                replied = replied.Append(reply.At);
            var lastReply = replied.Max();
            if (opened != timing.OpenedAt || lastReply != timing.LastReplyAt)
            {
                schedule = schedule.WithStep(timing with { OpenedAt = opened, LastReplyAt = lastReply });
                changed = true;
            }
        }
        var updated = state with { Schedule = schedule };
        var next = NextWakeAt(new ReviewView(template, updated, answers), input.Now);
        if (!changed && next == state.NextWakeAt && decision.NewState is null)
            return decision;
        return decision with { NewState = updated with { NextWakeAt = next } };
    }

    private IEnumerable<DateTimeOffset> OpenDues(ReviewState state) =>
        state.Steps.Where(s => s.Dialog.Status != DialogStatus.Completed)
            .Select(s => state.Schedule.Step(s.StepId).DueAt)
            .OfType<DateTimeOffset>();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset? b) => b is { } other && other > a ? other : a;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
