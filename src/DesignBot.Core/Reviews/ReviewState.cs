using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;

namespace DesignBot.Core.Reviews;

public enum ReviewStatus { Active, Completed, Cancelled }

/// <summary>One step of a review: its waterfall's state. The step's thread is found through the snapshot's Posted["root:{StepId}"].</summary>
public sealed record StepSession(string StepId, DialogState Dialog);

/// <summary>
/// Where and when a message of ours landed on the platform; ThreadId is what replies in its thread carry.
/// <para>
/// PostedAt is the PLATFORM's time of the message, on the same clock as the platform times of replies
/// (<see cref="Events.InboundEvent.At"/>): the timestamp rule compares the two to decide which question a reply answers.
/// When the platform's response carries no timestamp, the adapter derives it from what it has: a Slack <c>ts</c> is
/// epoch seconds; a Teams channel message id is its send time in epoch milliseconds. Only as a last resort may an
/// adapter use its own clock at the moment the platform confirmed the post.
/// </para>
/// <para>Address is the adapter's own (as <see cref="Events.ChannelRef.Address"/>): what it needs to update or reply to
/// this message later, on any host. The core stores it and hands it back without reading it.</para>
/// </summary>
public sealed record PostedMessage(string MessageId, string ThreadId, DateTimeOffset PostedAt, string? Address = null);

/// <summary>
/// A review's state, without its answers and without where its messages landed (see <see cref="ReviewSnapshot.Posted"/>):
/// what the engine decides on and commits, small and JSON-serializable.
/// </summary>
public sealed record ReviewState(
    string Id,
    string TemplateId,
    string Title,
    UserRef Owner,
    ChannelRef Channel,
    bool Parallel,
    ReviewStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<StepSession> Steps,
    int MessageSeq)
{
    /// <summary>Answers the owner pinned for the estimate (`use bob's`, `pin q5`); the latest wins where none is pinned.</summary>
    public IReadOnlyList<Sizing.SizingPin> Pins { get; init; } = [];

    /// <summary>
    /// When the review next wants a <see cref="Events.WakeEvent"/> (a reminder or a digest may be due then); null when
    /// nothing is scheduled. The engine recomputes it on every turn of the review from the state and the clock, so a
    /// reply, a deadline change or a snooze makes the old time stale in the same commit; the store indexes it so the
    /// pipeline's wake worker finds due reviews without reading them all. A wake-up only makes the engine look: a wake
    /// that finds nothing due sends nothing.
    /// </summary>
    public DateTimeOffset? NextWakeAt { get; init; }

    /// <summary>The deadline, the steps' due dates and what reminders have done (see <see cref="Reminders.ReviewSchedule"/>).</summary>
    public Reminders.ReviewSchedule Schedule { get; init; } = Reminders.ReviewSchedule.None;

    /// <summary>The owner closed the review before every step was done (`/design close`): what is left is listed as open.</summary>
    public bool ClosedEarly { get; init; }

    public StepSession Session(string stepId) => Steps.First(s => s.StepId == stepId);

    public ReviewState WithSession(StepSession session) =>
        this with { Steps = [.. Steps.Select(s => s.StepId == session.StepId ? session : s)] };

    public static string CardKey => "card";

    /// <summary>
    /// The step a thread link names for a thread of the review that is no step's (the review card's, the start command's):
    /// replies there get a hint, and `q3: …` lands on the current step.
    /// </summary>
    public const string ReviewThread = "-";
    public static string StepRootKey(string stepId) => $"root:{stepId}";
}

/// <summary>
/// What a kept reply is: an answer whose value was read (or a text answer), an answer whose value could not be read
/// (kept, shown, not used by the estimate), or discussion under the question (kept for the document, answers nothing).
/// </summary>
public enum AnswerKind { Answer, Unread, Discussion }

/// <summary>
/// One member's reply under one question, kept whatever it is (see <see cref="Kind"/>). Id is the platform message id of
/// the reply, so edits and deletions find it. Text keeps the member's case. Number is the figure the estimate uses; for a
/// range (`2-3`) it is the high end and <see cref="Low"/> the low end.
/// </summary>
public sealed record Answer(
    string Id,
    string StepId,
    string QuestionId,
    int QuestionIndex,
    UserRef Author,
    string Text,
    double? Number,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt)
{
    public AnswerKind Kind { get; init; } = AnswerKind.Answer;

    /// <summary>The low end of a range answer (`2-3` → 2, with Number 3); null for a single value.</summary>
    public double? Low { get; init; }

    /// <summary>An answer proper (read or not), as opposed to discussion.</summary>
    public bool IsAnswer => Kind != AnswerKind.Discussion;
}

/// <summary>
/// A review as loaded from the store: state, answers, where its messages landed, and the version to commit against.
/// Posted maps our message keys to platform ids and timestamps, which the timestamp rule and in-place updates need.
/// Only the store writes it (when a send completes, <see cref="Storage.IReviewStore.CompleteOutboxAsync"/>), and
/// recording a post moves the version, so a turn decided without it must reload; a turn never writes it.
/// </summary>
public sealed record ReviewSnapshot(ReviewState State, IReadOnlyList<Answer> Answers, IReadOnlyDictionary<string, PostedMessage> Posted, string Version)
{
    public static IReadOnlyDictionary<string, PostedMessage> NothingPosted { get; } = new Dictionary<string, PostedMessage>();
}

/// <summary>A line of a channel's review list.</summary>
public sealed record ReviewListing(string Id, string Title, UserRef Owner, ReviewStatus Status, DateTimeOffset CreatedAt);
