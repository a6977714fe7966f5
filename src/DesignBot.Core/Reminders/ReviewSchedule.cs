namespace DesignBot.Core.Reminders;

/// <summary>
/// A review's deadline and what its reminders have done, kept in the review's state: the deadline (the end of a working
/// day), the review's own time zone (null: the configured one), a snooze, the day of the last digest, and per step its
/// due date and the times that decide its next reminder. What was sent is recorded here, so a wake-up that comes twice
/// (or late, after an outage) never sends anything twice.
/// </summary>
public sealed record ReviewSchedule
{
    public static ReviewSchedule None { get; } = new();

    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The review's IANA time zone (`--tz`); null keeps DesignBot:TimeZone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>No reminder and no digest for the review before this.</summary>
    public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>The local day (review time zone) the review was last in the channel digest.</summary>
    public DateOnly? LastDigestDay { get; init; }

    public IReadOnlyList<StepSchedule> Steps { get; init; } = [];

    public StepSchedule Step(string stepId) => Steps.FirstOrDefault(s => s.StepId == stepId) ?? new StepSchedule(stepId);

    public ReviewSchedule WithStep(StepSchedule step) =>
        this with { Steps = [.. Steps.Where(s => s.StepId != step.StepId), step] };
}

/// <summary>
/// One step's timing: when it is due, when its thread opened (or reopened), its latest reply, its latest reminder, and
/// whether it is marked late (shown on the review card).
/// </summary>
public sealed record StepSchedule(string StepId)
{
    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public DateTimeOffset? LastReplyAt { get; init; }

    public DateTimeOffset? LastReminderAt { get; init; }

    /// <summary>The step's due date passed while it was open: the card and the summary say it is late.</summary>
    public bool Late { get; init; }
}
