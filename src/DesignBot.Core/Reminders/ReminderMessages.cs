using System.Globalization;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reminders;

/// <summary>The texts of deadlines, reminders, the digest and their commands. Pure: state in, neutral message out.</summary>
public static class ReminderMessages
{
    /// <summary>A step thread's reminder: what is still open, who has taken part (mentioned), and the due date.</summary>
    public static NeutralMessage Reminder(ReviewView view, StepTemplate step, IReadOnlyList<int> open)
    {
        var timing = view.State.Schedule.Step(step.Id);
        var due = timing.DueAt is { } at ? $" Due {Day(at, view.State)}{(timing.Late ? " — late" : "")}." : "";
        var what = $"{Questions(open)} {(open.Count == 1 ? "is" : "are")} still open";
        var blocks = new List<Block> { new TextBlock($"⏰ **{step.ShortTitle}**: {what}.{due}") };
        var people = TakenPart(view);
        if (people.Count > 0)
            blocks.Add(new MentionsBlock("So far in this review:", people));
        blocks.Add(new ContextBlock($"Reply here to answer; `q{open[0] + 1}: …` answers question {open[0] + 1}. `/design snooze <when>` pauses reminders."));
        return new NeutralMessage($"{step.ShortTitle}: {what}.{due}", blocks);
    }

    /// <summary>What the digest's link to the review card's thread says.</summary>
    public const string CardLinkText = "Open the review card";

    /// <summary>
    /// The channel digest line of one review: late steps, open questions, deadline, and a link to the review card's
    /// thread (resolved by the platform when it is sent; the review's page when the platform cannot give one).
    /// </summary>
    public static NeutralMessage Digest(ReviewView view, IReadOnlyList<string> lateSteps, ReviewLinks links)
    {
        var s = view.State;
        var open = view.Template.Steps.Where(step => !view.IsFinished(step.Id)).Sum(step => ReminderPlanner.OpenQuestions(view, step).Count);
        var late = lateSteps.Count == 0 ? "due soon" : $"late: {string.Join(", ", lateSteps.Select(id => view.Template.Steps.First(t => t.Id == id).ShortTitle))}";
        var deadline = s.Schedule.Deadline is { } d ? $" · deadline {Day(d, s)}" : "";
        var text = $"📅 **{s.Title}** — {late} · {open} open question{ReviewMessages.Plural(open)}{deadline}. Answer in the step threads under the review card.";
        return new NeutralMessage($"{s.Title}: {late}, {open} open questions{deadline}",
            [new TextBlock(text), new LinksBlock([new Link(CardLinkText, links.Page) { MessageKey = ReviewState.CardKey }])]);
    }

    /// <summary>"Q4", "Q4 and Q7", "Q4, Q7 and Q9".</summary>
    public static string Questions(IReadOnlyList<int> open)
    {
        var names = open.Select(i => $"Q{i + 1}").ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }

    /// <summary>The owner and everyone who replied, in order of their first reply, one each.</summary>
    public static IReadOnlyList<UserRef> TakenPart(ReviewView view) =>
        [.. new[] { view.State.Owner }.Concat(view.Answers.OrderBy(a => a.SentAt).Select(a => a.Author)).DistinctBy(u => u.Id)];

    /// <summary>One line per step with a due date, for the card: `Due: Scope Mon 30 Nov · API Wed 2 Dec (late) · …`.</summary>
    public static string? StepDues(ReviewView view)
    {
        var s = view.State;
        if (s.Schedule.Deadline is not { } deadline)
            return null;
        if (s.Parallel)
            return $"All steps due {Day(deadline, s)}" + LateSuffix(view);
        var parts = view.Template.Steps
            .Where(step => s.Schedule.Step(step.Id).DueAt is not null)
            .Select(step => $"{step.ShortTitle} {Day(s.Schedule.Step(step.Id).DueAt!.Value, s)}{(IsLate(view, step.Id) ? " ⚠ late" : "")}");
        return "Due: " + string.Join(" · ", parts);
    }

    private static string LateSuffix(ReviewView view)
    {
        var late = view.Template.Steps.Where(step => IsLate(view, step.Id)).Select(step => step.ShortTitle).ToList();
        return late.Count == 0 ? "" : $" · ⚠ late: {string.Join(", ", late)}";
    }

    /// <summary>Marked late and not finished: what the card and summary call late.</summary>
    public static bool IsLate(ReviewView view, string stepId) => view.State.Schedule.Step(stepId).Late && !view.IsFinished(stepId);

    /// <summary>The deadline as the card shows it: `Fri 18 Dec 17:00 (Europe/Berlin)`.</summary>
    public static string? Deadline(ReviewState state) =>
        state.Schedule.Deadline is { } d ? $"{DayTime(d, state)} ({ZoneName(state)})" : null;

    public static string ZoneName(ReviewState state) => state.Schedule.TimeZone ?? "UTC";

    /// <summary>"Fri 18 Dec" in the review's time zone.</summary>
    public static string Day(DateTimeOffset at, ReviewState state) =>
        Local(at, state).ToString("ddd d MMM", CultureInfo.InvariantCulture);

    /// <summary>"Fri 18 Dec 17:00" in the review's time zone.</summary>
    public static string DayTime(DateTimeOffset at, ReviewState state) =>
        Local(at, state).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Local(DateTimeOffset at, ReviewState state) =>
        TimeZoneInfo.ConvertTime(at, TimeZones.TryFind(state.Schedule.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc);

    /// <summary>`due`, `snooze`, `reopen` with several reviews that fit: name one (the argument is the value, so no buttons).</summary>
    public static string WhichReviewForValue(CommandName command, IReadOnlyList<ReviewListing> candidates)
    {
        var word = command.ToString().ToLowerInvariant();
        return $"**Which review?** {candidates.Count} design reviews in this channel fit ({string.Join(", ", candidates.Take(5).Select(r => r.Title))}). "
            + $"Type `/design {word} …` in the review's thread, or add `--review <title>`.";
    }

    public static string NotUnderstood(string value) => value.Length == 0
        ? $"Say when: I understand {WhenParser.Understood}."
        : $"I couldn't read `{ReviewMessages.Limit(value, 40)}` as a day. I understand {WhenParser.Understood}.";

    public static string UnknownZone(string value) =>
        $"I don't know the time zone `{ReviewMessages.Limit(value, 60)}`. Use an IANA id such as `Europe/Berlin`, `America/New_York` or `UTC`.";
}
