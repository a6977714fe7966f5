using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reminders;

/// <summary>
/// What a wake-up sends (reminders in step threads, the channel digest, a step turning late on the card) and the
/// deadline and reminder commands: `due`, `remind`, `snooze`, `close`, `reopen`. Decides on the turn's clock only.
/// </summary>
internal sealed class ReminderFlow(ReviewTemplate template, IReviewLinks links, ReminderPlanner planner)
{
    public ReminderPlanner Planner { get; } = planner;

    /// <summary>
    /// A wake-up: whatever is due at the turn's now is sent, once (what was sent is recorded in the schedule), and an early
    /// or repeated wake-up sends nothing. Reminders only in working hours; late after an outage, never twice.
    /// </summary>
    public Decision Wake(TurnInput input)
    {
        if (input.Review is not { } snapshot)
            return Decision.ChannelOnly([]);
        var b = new TurnBuilder(snapshot.State, snapshot.Answers, snapshot.Posted);
        if (b.State.Status != ReviewStatus.Active)
            return b.ToDecision(isNew: false);
        var now = input.Now;
        var calendar = Planner.CalendarOf(b.State);
        var cardChanged = MarkLate(b, now);
        if (calendar.IsWorkingTime(now))
        {
            foreach (var step in template.Steps)
            {
                if (Planner.ReminderDue(View(b), step) is { } due && due <= now)
                    SendReminder(b, step, now);
            }
        }
        if (calendar.IsWorkingTime(now) && Planner.DigestDue(b.State, now) is { } digest && digest <= now)
        {
            b.Post(ReminderMessages.Digest(View(b), ReminderPlanner.LateAt(b.State, now), links.For(b.State.Id)));
            b.State = b.State with { Schedule = b.State.Schedule with { LastDigestDay = calendar.LocalDate(now) } };
        }
        if (cardChanged)
            b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(View(b)));
        return b.ToDecision(isNew: false);
    }

    /// <summary>Options of `/design start`: the review's time zone and deadline, or what is wrong with them.</summary>
    public (ReviewSchedule Schedule, string? Problem) StartSchedule(Command parsed, ReviewState state, DateTimeOffset now)
    {
        var zone = Planner.Settings.TimeZone;
        if (parsed.Option("tz") is { } tz)
        {
            if (!TimeZones.TryFind(tz, out var found))
                return (ReviewSchedule.None, ReminderMessages.UnknownZone(tz) + " Nothing was started.");
            zone = found.Id;
        }
        var withZone = state with { Schedule = state.Schedule with { TimeZone = zone } };
        if (parsed.Option("due") is not { } due)
            return (withZone.Schedule, null);
        var (deadline, problem) = ReadDeadline(due, withZone, now);
        if (problem is not null)
            return (ReviewSchedule.None, problem + " Nothing was started.");
        return (DueDates.Spread(withZone, template, deadline, now, Planner.CalendarOf(withZone)), null);
    }

    /// <summary>Whether a start's `--tz` and `--due` can be read at all (in UTC; the turn checks again in the review's zone).</summary>
    public static bool MayStart(Command parsed, DateTimeOffset at)
    {
        if (parsed.Option("tz") is { } tz && !TimeZones.TryFind(tz, out _))
            return false;
        var utc = WorkingCalendar.For(ReminderSettings.Default, "UTC");
        return parsed.Option("due") is not { } due || WhenParser.ParseDay(due, utc.LocalDate(at), utc) is not null;
    }

    public void Due(TurnBuilder b, CommandEvent command, Command parsed)
    {
        var state = b.State;
        if (!IsOwner(b, command, "change its deadline") || !IsActive(b, command))
            return;
        var withZone = state;
        if (parsed.Option("tz") is { } tz)
        {
            if (!TimeZones.TryFind(tz, out var found))
            {
                Tell(b, command, ReminderMessages.UnknownZone(tz));
                return;
            }
            withZone = state with { Schedule = state.Schedule with { TimeZone = found.Id } };
        }
        var value = parsed.Argument;
        if (value.Length == 0 && ReferenceEquals(withZone, state))
        {
            Tell(b, command, ReminderMessages.Deadline(state) is { } shown
                ? $"**{state.Title}** is due {shown}. `/design due <when>` changes it; `/design due none` removes it."
                : $"**{state.Title}** has no deadline. `/design due friday` (or `in 2 weeks`, `2026-12-18`) sets one.");
            return;
        }
        DateTimeOffset? deadline = withZone.Schedule.Deadline;
        if (value is "none" or "off" or "clear" or "remove")
            deadline = null;
        else if (value.Length > 0)
        {
            var (read, problem) = ReadDeadline(value, withZone, command.At);
            if (problem is not null)
            {
                Tell(b, command, problem);
                return;
            }
            deadline = read;
        }
        var now = command.At;
        b.State = withZone with { Schedule = DueDates.Spread(withZone, template, deadline, now, Planner.CalendarOf(withZone)) };
        b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(View(b)));
        var said = ReminderMessages.Deadline(b.State) is { } shown2
            ? $"{command.User.Display} set the deadline of **{state.Title}** to {shown2}. {ReminderMessages.StepDues(View(b))}."
            : $"{command.User.Display} removed the deadline of **{state.Title}**.";
        b.Post(ReviewMessages.Text(said), threadRootKey: ReviewState.CardKey);
    }

    public void Remind(TurnBuilder b, CommandEvent command)
    {
        if (!IsActive(b, command))
            return;
        var now = command.At;
        var sent = new List<string>();
        var refused = new List<string>();
        foreach (var step in template.Steps)
        {
            var view = View(b);
            if (b.State.Session(step.Id).Dialog.Status != DialogStatus.Active || ReminderPlanner.OpenQuestions(view, step).Count == 0)
                continue;
            if (b.State.Schedule.Step(step.Id).LastReminderAt is { } last && now - last < Planner.Settings.RemindCommandInterval)
            {
                refused.Add($"{step.ShortTitle} (reminded at {ReminderMessages.DayTime(last, b.State)[^5..]} {ReminderMessages.ZoneName(b.State)})");
                continue;
            }
            SendReminder(b, step, now);
            sent.Add(step.ShortTitle);
        }
        var lines = new List<string>();
        if (sent.Count > 0)
            lines.Add($"Reminded in the thread{ReviewMessages.Plural(sent.Count)} of {string.Join(", ", sent)}.");
        if (refused.Count > 0)
            lines.Add($"Not again yet: {string.Join(", ", refused)} — at most one reminder an hour per step.");
        if (lines.Count == 0)
            lines.Add($"Nothing to remind: no open step of **{b.State.Title}** has unanswered questions.");
        Tell(b, command, string.Join(" ", lines));
    }

    public void Snooze(TurnBuilder b, CommandEvent command, Command parsed)
    {
        if (!IsActive(b, command))
            return;
        var state = b.State;
        var value = parsed.Argument;
        if (value.Length == 0)
        {
            Tell(b, command, $"Snooze until when? `/design snooze tomorrow`, `monday`, `in 3 days` or `in 2 hours`; `/design snooze off` resumes reminders.");
            return;
        }
        if (value is "off" or "none" or "stop" or "resume")
        {
            b.State = state with { Schedule = state.Schedule with { SnoozedUntil = null } };
            b.Post(ReviewMessages.Text($"{command.User.Display} resumed the reminders of **{state.Title}**."), threadRootKey: ReviewState.CardKey);
            return;
        }
        var calendar = Planner.CalendarOf(state);
        DateTimeOffset until;
        if (WhenParser.ParseHours(value) is { } hours)
            until = command.At + hours;
        else if (WhenParser.ParseDay(value, calendar.LocalDate(command.At), calendar) is { } day)
            until = calendar.DayStart(day);
        else
        {
            Tell(b, command, ReminderMessages.NotUnderstood(value) + " For snooze also `in 2 hours`.");
            return;
        }
        if (until <= command.At)
        {
            Tell(b, command, $"`{ReviewMessages.Limit(value, 40)}` has begun already; snooze until a later time.");
            return;
        }
        b.State = state with { Schedule = state.Schedule with { SnoozedUntil = until } };
        b.Post(ReviewMessages.Text($"{command.User.Display} snoozed the reminders of **{state.Title}** until {ReminderMessages.DayTime(until, state)} ({ReminderMessages.ZoneName(state)}). `/design snooze off` resumes them."),
            threadRootKey: ReviewState.CardKey);
    }

    /// <summary>`/design close`: the owner finishes the review now; the summary lists what is still open.</summary>
    public void Close(TurnBuilder b, CommandEvent command)
    {
        if (!IsOwner(b, command, "close it") || !IsActive(b, command))
            return;
        foreach (var session in b.State.Steps.Where(s => s.Dialog.Status == DialogStatus.Active))
        {
            var finished = StepFlow.DialogFor(template.Steps.First(t => t.Id == session.StepId)).Finish(session.Dialog);
            b.State = b.State.WithSession(session with { Dialog = finished.State });
            // A question still in its settle pause goes out after this; it says the review was closed instead of asking.
            if (session.Dialog.Asks is [.., { NotBefore: not null } pending] && !b.Posted.ContainsKey(pending.MessageKey))
                b.Update(pending.MessageKey, ReviewMessages.Text("This review was closed, so this question is no longer asked."));
        }
        b.State = b.State with { Status = ReviewStatus.Completed, FinishedAt = command.At, ClosedEarly = true };
        b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(View(b)));
        b.Post(ReviewMessages.Summary(View(b), links.For(b.State.Id)), opensThreadForStep: ReviewState.ReviewThread);
    }

    /// <summary>`/design reopen <step>`: the owner opens a finished step again; its waterfall resumes at its first open question.</summary>
    public void Reopen(TurnBuilder b, CommandEvent command, Command parsed)
    {
        if (!IsOwner(b, command, "reopen a step"))
            return;
        var state = b.State;
        if (state.Status == ReviewStatus.Cancelled)
        {
            Tell(b, command, $"**{state.Title}** was cancelled, so its steps stay closed.");
            return;
        }
        var steps = string.Join(", ", template.Steps.Select((s, i) => $"{i + 1} {s.ShortTitle}"));
        if (parsed.Argument.Length == 0 || FindStep(parsed.Argument) is not { } step)
        {
            Tell(b, command, parsed.Argument.Length == 0
                ? $"Which step? `/design reopen 2` (by number, short title or id): {steps}."
                : $"**{state.Title}** has no step `{ReviewMessages.Limit(parsed.Argument, 40)}`. Its steps: {steps}.");
            return;
        }
        var dialog = state.Session(step.Id).Dialog;
        if (dialog.Status != DialogStatus.Completed)
        {
            Tell(b, command, dialog.Status == DialogStatus.Active
                ? $"**{step.ShortTitle}** is not finished: it is open in its thread."
                : $"**{step.ShortTitle}** has not started yet, so there is nothing to reopen.");
            return;
        }
        var view = View(b);
        var open = ReminderPlanner.OpenQuestions(view, step);
        if (open.Count == 0)
        {
            var text = $"Every question of **{step.ShortTitle}** has an answer ({step.Questions.Count}/{step.Questions.Count}), so there is nothing to resume; `q1: …` to `q{step.Questions.Count}: …` in this thread still add answers.";
            b.Post(ReviewMessages.Text(text), threadRootKey: ReviewState.StepRootKey(step.Id));
            Tell(b, command, $"Every question of **{step.ShortTitle}** has an answer, so it stays finished; its thread says so.");
            return;
        }
        var first = open[0];
        var turn = StepFlow.DialogFor(step).AskAgain(dialog with { Status = DialogStatus.Active }, first);
        b.State = state.WithSession(new StepSession(step.Id, turn.State with { Skipped = [.. turn.State.Skipped.Where(q => q != first)] }));
        if (b.State.Status == ReviewStatus.Completed)
            // ClosedEarly stays: when the reopened step finishes, the review is done again (see StepFlow.OnStepCompleted).
            b.State = b.State with { Status = ReviewStatus.Active, FinishedAt = null };
        var root = ReviewState.StepRootKey(step.Id);
        b.Post(ReviewMessages.Text($"{command.User.Display} reopened **{step.Title}**: {ReminderMessages.Questions(open)} {(open.Count == 1 ? "is" : "are")} open, starting with Q{first + 1}."), threadRootKey: root);
        foreach (var ask in turn.Actions.OfType<AskQuestion>())
        {
            var marks = QuestionMarks.Of(b.Answers.Where(a => a.StepId == step.Id && a.QuestionIndex == ask.Question));
            b.Post(ReviewMessages.Question(b.State.Id, step, ask.Question, null, marks), threadRootKey: root, key: ask.MessageKey);
        }
        b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(View(b)));
    }

    private StepTemplate? FindStep(string name)
    {
        var n = name.Trim();
        if (int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return number >= 1 && number <= template.Steps.Count ? template.Steps[number - 1] : null;
        return template.Steps.FirstOrDefault(s => s.Id.Equals(n, StringComparison.OrdinalIgnoreCase))
            ?? template.Steps.FirstOrDefault(s => s.ShortTitle.Equals(n, StringComparison.OrdinalIgnoreCase) || s.Title.Equals(n, StringComparison.OrdinalIgnoreCase))
            ?? (template.Steps.Where(s => s.ShortTitle.StartsWith(n, StringComparison.OrdinalIgnoreCase) || s.Title.StartsWith(n, StringComparison.OrdinalIgnoreCase)).ToList() is [var only] ? only : null);
    }

    private (DateTimeOffset? Deadline, string? Problem) ReadDeadline(string value, ReviewState state, DateTimeOffset now)
    {
        var calendar = Planner.CalendarOf(state);
        if (WhenParser.ParseDay(value, calendar.LocalDate(now), calendar) is not { } day)
            return (null, ReminderMessages.NotUnderstood(value));
        var deadline = DueDates.DeadlineOn(day, calendar);
        if (deadline <= now)
            return (null, $"`{ReviewMessages.Limit(value, 40)}` ends before now ({ReminderMessages.DayTime(deadline, state)} {ReminderMessages.ZoneName(state)}, the end of its working day); pick a later day.");
        return (deadline, null);
    }

    /// <summary>Posts the step's reminder in its thread and records it, so it is not sent again.</summary>
    private void SendReminder(TurnBuilder b, StepTemplate step, DateTimeOffset now)
    {
        var view = View(b);
        b.Post(ReminderMessages.Reminder(view, step, ReminderPlanner.OpenQuestions(view, step)), threadRootKey: ReviewState.StepRootKey(step.Id));
        var schedule = b.State.Schedule;
        b.State = b.State with { Schedule = schedule.WithStep(schedule.Step(step.Id) with { LastReminderAt = now }) };
    }

    /// <summary>Open steps whose due date has passed are marked late; true when one was (the card then says so).</summary>
    private static bool MarkLate(TurnBuilder b, DateTimeOffset now)
    {
        var changed = false;
        foreach (var id in ReminderPlanner.LateAt(b.State, now))
        {
            var timing = b.State.Schedule.Step(id);
            if (timing.Late)
                continue;
            b.State = b.State with { Schedule = b.State.Schedule.WithStep(timing with { Late = true }) };
            b.MarkChanged();
            changed = true;
        }
        return changed;
    }

    private static bool IsOwner(TurnBuilder b, CommandEvent command, string what)
    {
        if (command.User.Id == b.State.Owner.Id)
            return true;
        Tell(b, command, $"Only {b.State.Owner.Display}, who started **{b.State.Title}**, can {what}.");
        return false;
    }

    private static bool IsActive(TurnBuilder b, CommandEvent command)
    {
        if (b.State.Status == ReviewStatus.Active)
            return true;
        Tell(b, command, $"**{b.State.Title}** is {(b.State.Status == ReviewStatus.Completed ? "done" : "cancelled")}, so it has no reminders; `/design reopen <step>` (the owner) opens a finished step again.");
        return false;
    }

    /// <summary>A reply only the command's author sees, where the command was typed.</summary>
    private static void Tell(TurnBuilder b, CommandEvent command, string markdown) =>
        b.Post(ReviewMessages.Text(markdown), visibleTo: command.User.Id);

    private ReviewView View(TurnBuilder b) => new(template, b.State, b.Answers);
}
