using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reminders;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reviews;

/// <summary>
/// The review engine: a pure function of (review, inbound event, clock) → (state changes, outbound messages).
/// Commands are handled here; everything that happens inside a step thread is in <see cref="StepFlow"/>.
/// </summary>
public sealed class ReviewEngine(ReviewTemplate template, IReviewLinks links, TimeSpan settle = default, ReminderSettings? reminders = null)
{
    /// <summary>
    /// The default settle pause (DesignBot:SettleSeconds) before the next question after an answer: long enough that
    /// members answering at the same time land on the question they saw, short enough that one member answering alone
    /// barely notices — the next question appears about as fast as one reads the landing mark.
    /// </summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(3);

    private readonly StepFlow _steps = new(template, links, settle);
    // StepFlow keeps no state of its own, so the review threads' flow can have its own.
    private readonly ReviewThreadFlow _reviewThreads = new(template, new StepFlow(template, links, settle));

    private readonly ReminderFlow _reminders = new(template, links, new ReminderPlanner(template, reminders ?? ReminderSettings.Default));

    public ReviewTemplate Template { get; } = template;

    public ReminderSettings Reminders => _reminders.Planner.Settings;

    /// <summary>
    /// Every decision about a review passes through <see cref="ReminderPlanner.Refresh"/>, which recomputes the review's
    /// wake time from the state the decision leaves.
    /// </summary>
    public Decision Decide(TurnInput input) => _reminders.Planner.Refresh(input, DecideTurn(input));

    private Decision DecideTurn(TurnInput input) => input.Event switch
    {
        CommandEvent command => OnCommand(command, input),
        ButtonPressedEvent { ActionId: ButtonValues.PickReview } pick => OnPickedReview(pick, input),
        WakeEvent => _reminders.Wake(input),
        // Threads that are not a review's step thread are people talking among themselves: not ours to answer.
        _ when input.Review is null => Decision.ChannelOnly([]),
        _ when input.StepId == ReviewState.ReviewThread => _reviewThreads.Decide(input),
        _ => _steps.Decide(input),
    };

    /// <summary>The review a command is about, when exactly one fits: see <see cref="ReviewTargets.TargetReviewId"/>.</summary>
    public static string? TargetReviewId(CommandEvent command, IReadOnlyList<ReviewListing> reviews, string? threadReviewId = null) =>
        ReviewTargets.TargetReviewId(command, reviews, threadReviewId);

    /// <summary>
    /// The immediate line a platform may show in its HTTP response before the real messages follow through the outbox
    /// (a Slack slash command's ephemeral answer, a Teams invoke's response): computed from the event alone, so it never
    /// waits for the store. Null when the event needs none (thread replies, edits; the turn's own messages say enough).
    /// </summary>
    public static NeutralMessage? Acknowledge(InboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound is not CommandEvent command || CommandParser.Parse(command.Text) is not { Name: CommandName.Start, Argument.Length: > 0 } start)
            return null;
        // A deadline or time zone that cannot be read starts nothing: the turn says why, so no "Starting…" first.
        if (!ReminderFlow.MayStart(start, inbound.At))
            return null;
        return ReviewMessages.Text($"Starting review *{ReviewMessages.Limit(start.Argument, 140)}*…");
    }

    private Decision OnCommand(CommandEvent command, TurnInput input)
    {
        var parsed = CommandParser.Parse(command.Text);
        switch (parsed.Name)
        {
            case CommandName.Start:
                return parsed.Argument.Length == 0
                    ? ChannelReply(command, "Give the review a title: `/design start URL shortener` (add `--parallel` to open all steps at once).")
                    : Start(command, parsed, input);
            case CommandName.List:
                return ChannelReply(command, ReviewMessages.ReviewList(input.ChannelReviews));
            case CommandName.Help:
                return ChannelReply(command, ReviewMessages.CommandHelp);
            case CommandName.Unknown:
                return ChannelReply(command, $"I don't know `{ReviewMessages.Limit(parsed.Word, 40)}`.\n\n{ReviewMessages.CommandHelp}");
        }

        if (input.Review is not { } snapshot)
        {
            var candidates = ReviewTargets.Candidates(parsed, input.ChannelReviews, threadReviewId: null);
            if (candidates.Count > 1 && ReviewTargets.TakesValue(parsed.Name))
                return ChannelReply(command, ReminderMessages.WhichReviewForValue(parsed.Name, candidates));
            if (candidates.Count > 1)
                return ChannelReply(command, ReviewMessages.WhichReview(parsed.Name, candidates));
            var which = parsed.Argument.Length > 0 && !ReviewTargets.TakesValue(parsed.Name) ? $"named \"{ReviewMessages.Limit(parsed.Argument, 80)}\" " : "";
            return ChannelReply(command, $"There is no design review {which}in this channel. Start one with `/design start <title>`, or see `/design list`.");
        }
        return OnReviewCommand(command, parsed.Name, snapshot);
    }

    /// <summary>A "Which review?" button: the command it names, on the review it names, for the member who pressed it.</summary>
    private Decision OnPickedReview(ButtonPressedEvent pick, TurnInput input)
    {
        if (input.Review is not { } snapshot || !ButtonValues.TryParseCommand(pick.Value, out _, out var name))
            return Decision.ChannelOnly([]);
        var command = new CommandEvent(pick.EventId, pick.Channel, pick.User, pick.At, name.ToString().ToLowerInvariant()) { ThreadId = pick.ThreadId };
        return OnReviewCommand(command, name, snapshot);
    }

    private Decision OnReviewCommand(CommandEvent command, CommandName name, ReviewSnapshot snapshot)
    {
        var b = new TurnBuilder(snapshot.State, snapshot.Answers, snapshot.Posted);
        var view = new ReviewView(Template, snapshot.State, snapshot.Answers);
        switch (name)
        {
            case CommandName.Status:
                // A read: only the asker sees it, and the review itself does not change (the card stays the one live view).
                return ChannelReply(command, ReviewMessages.Status(view, links.For(snapshot.State.Id)));
            case CommandName.Summary:
                b.Post(ReviewMessages.Summary(view, links.For(snapshot.State.Id)), opensThreadForStep: ReviewState.ReviewThread);
                break;
            case CommandName.Export:
                // Into the review card's thread: the document stays with its review, not loose in the channel.
                b.Post(ReviewMessages.Export(view, links.For(snapshot.State.Id)), threadRootKey: ReviewState.CardKey);
                break;
            case CommandName.Cancel:
                Cancel(b, command, view);
                break;
            case CommandName.Due:
                _reminders.Due(b, command, CommandParser.Parse(command.Text));
                break;
            case CommandName.Remind:
                _reminders.Remind(b, command);
                break;
            case CommandName.Snooze:
                _reminders.Snooze(b, command, CommandParser.Parse(command.Text));
                break;
            case CommandName.Close:
                _reminders.Close(b, command);
                break;
            case CommandName.Reopen:
                _reminders.Reopen(b, command, CommandParser.Parse(command.Text));
                break;
        }
        return b.ToDecision(isNew: false);
    }

    private Decision Start(CommandEvent command, Command parsed, TurnInput input)
    {
        var state = new ReviewState(
            input.NewReviewId, Template.Id, ReviewMessages.Limit(parsed.Argument, 140), command.User, command.Channel, parsed.Parallel,
            ReviewStatus.Active, input.Now, null,
            [.. Template.Steps.Select(s => new StepSession(s.Id, DialogState.New))], 0);
        var (schedule, problem) = _reminders.StartSchedule(parsed, state, input.Now);
        if (problem is not null)
            return ChannelReply(command, problem);
        state = state with { Schedule = schedule };
        var b = new TurnBuilder(state, []);
        var opening = parsed.Parallel ? Template.Steps : Template.Steps.Take(1);
        var begun = opening.Select(step => (step, turn: StepFlow.DialogFor(step).Begin(DialogState.New))).ToList();
        foreach (var (step, turn) in begun)
            b.State = b.State.WithSession(new StepSession(step.Id, turn.State));

        // The card goes first so it sits above the step threads in the channel.
        b.Post(ReviewMessages.ReviewCard(new ReviewView(Template, b.State, [])), key: ReviewState.CardKey, opensThreadForStep: ReviewState.ReviewThread);
        foreach (var (step, turn) in begun)
            _steps.ShowStepOpening(b, step, turn);
        // The start command's own thread says where the review runs, and is indexed as the review's, so replies there get
        // a hint (and `q3: …` lands). A start typed inside some thread leaves that thread to whoever owns it.
        if (command.MessageId is { } commandMessage && command.ThreadId is null)
            b.PostInThread(ReviewMessages.ReviewStarted(new ReviewView(Template, b.State, [])), commandMessage, opensThreadForStep: ReviewState.ReviewThread);
        return b.ToDecision(isNew: true);
    }

    private static void Cancel(TurnBuilder b, CommandEvent command, ReviewView view)
    {
        var state = view.State;
        if (command.User.Id != state.Owner.Id)
        {
            b.Post(ReviewMessages.Text($"Only {state.Owner.Name}, who started **{state.Title}**, can cancel it."), visibleTo: command.User.Id);
            return;
        }
        if (state.Status != ReviewStatus.Active)
        {
            b.Post(ReviewMessages.Text($"**{state.Title}** is already {state.Status.ToString().ToLowerInvariant()}."), visibleTo: command.User.Id);
            return;
        }
        b.State = state with { Status = ReviewStatus.Cancelled, FinishedAt = command.At };
        b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(new ReviewView(view.Template, b.State, view.Answers)));
        b.Post(ReviewMessages.Text($"{command.User.Name} cancelled the design review **{state.Title}**. Its answers stay readable with `/design export`."),
            opensThreadForStep: ReviewState.ReviewThread);
        // A question still in its settle pause goes out after this; it says the review was cancelled instead of asking.
        foreach (var session in b.State.Steps)
        {
            if (session.Dialog.Asks is [.., { NotBefore: not null } pending] && !b.Posted.ContainsKey(pending.MessageKey))
                b.Update(pending.MessageKey, ReviewMessages.Text("This review was cancelled, so this question is no longer asked."));
        }
    }

    private static Decision ChannelReply(CommandEvent command, string markdown) =>
        ChannelReply(command, ReviewMessages.Text(markdown));

    // Replies to commands live in the channel's own outbox, keyed by the event so a retry is idempotent, and only the
    // asker sees them; a command typed in a thread is answered there.
    private static Decision ChannelReply(CommandEvent command, NeutralMessage body) =>
        Decision.ChannelOnly([new OutboundMessage($"evt:{command.EventId}", command.Channel, body) { VisibleTo = command.User.Id, ThreadId = command.ThreadId }]);
}
