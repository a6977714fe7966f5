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
public sealed class ReviewEngine(TemplateCatalog templates, IReviewLinks links, TimeSpan settle = default, ReminderSettings? reminders = null)
{
    /// <summary>
    /// The default settle pause (DesignBot:SettleSeconds) before the next question after an answer: long enough that
    /// members answering at the same time land on the question they saw, short enough that one member answering alone
    /// barely notices — the next question appears about as fast as one reads the landing mark.
    /// </summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(3);

    /// <summary>The templates reviews start from; each review is decided with its own (<see cref="ReviewState.TemplateId"/>).</summary>
    public TemplateCatalog Templates { get; } = templates;

    public ReminderSettings Reminders { get; } = reminders ?? ReminderSettings.Default;

    /// <summary>
    /// Every decision about a review passes through <see cref="ReminderPlanner.Refresh"/>, which recomputes the review's
    /// wake time from the state the decision leaves (with the review's own template).
    /// </summary>
    public Decision Decide(TurnInput input)
    {
        // A wake decides at least at the time it was due: a host whose clock runs behind the claimer's would find nothing
        // due, keep the same wake time, and the index would offer a wake the inbox already applied, for ever.
        if (input.Event is WakeEvent wake && wake.At > input.Now)
            input = input with { Now = wake.At };
        var decision = DecideTurn(input);
        var state = decision.NewState ?? input.Review?.State;
        return state is not null && Templates.Find(state.TemplateId) is { } template
            ? ReminderFlowFor(template).Planner.Refresh(input, decision)
            : decision;
    }

    private Decision DecideTurn(TurnInput input) => input.Event switch
    {
        CommandEvent command => OnCommand(command, input),
        ButtonPressedEvent { ActionId: ButtonValues.PickReview } pick => OnPickedReview(pick, input),
        WakeEvent when input.Review is { } woken && Templates.Find(woken.State.TemplateId) is { } wokenTemplate => ReminderFlowFor(wokenTemplate).Wake(input),
        // A review whose template this host no longer loads cannot decide reminders: its wake time is cleared, not offered again.
        WakeEvent when input.Review is { State.NextWakeAt: not null } stale => new Decision(stale.State.Id, stale.State with { NextWakeAt = null }, [], [], []),
        WakeEvent => Decision.ChannelOnly([]),
        // Threads that are not a review's step thread are people talking among themselves: not ours to answer.
        _ when input.Review is null => Decision.ChannelOnly([]),
        _ => InReview(input, input.Review),
    };

    /// <summary>A reply, edit, deletion or press in a review's threads, decided with the review's own template.</summary>
    private Decision InReview(TurnInput input, ReviewSnapshot review)
    {
        if (Templates.Find(review.State.TemplateId) is not { } template)
            return TemplateGone(input);
        return input.StepId == ReviewState.ReviewThread
            ? new ReviewThreadFlow(template, Steps(template)).Decide(input)
            : Steps(template).Decide(input);
    }

    // StepFlow and ReminderFlow keep no state of their own: one per turn, for the review's template.
    private StepFlow Steps(ReviewTemplate template) => new(template, links, settle);

    private ReminderFlow ReminderFlowFor(ReviewTemplate template) => new(template, links, new ReminderPlanner(template, Reminders));

    /// <summary>
    /// A review whose template this host no longer loads (its file was removed from the templates folder) cannot be
    /// decided: whoever acted is told why, only them, and nothing changes until the file is back.
    /// </summary>
    private static Decision TemplateGone(TurnInput input) => TemplateGone(input.Event, input.Review!.State);

    private static Decision TemplateGone(InboundEvent inbound, ReviewState state) =>
        inbound is ReplyEditedEvent or ReplyDeletedEvent
            ? Decision.ChannelOnly([])
            : Decision.ChannelOnly([new OutboundMessage($"evt:{inbound.EventId}", inbound.Channel, ReviewMessages.Text(TemplateMessages.TemplateGone(state)))
            {
                VisibleTo = inbound.User.Id,
                ThreadId = inbound.ThreadOf(),
            }]);

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
        // A deadline or time zone that cannot be read, or an option misspelt, starts nothing: the turn says why, so no "Starting…" first.
        if (start.UnknownOption() is not null || !ReminderFlow.MayStart(start, inbound.At))
            return null;
        // Nor does a start naming a template: which templates this host offers is the engine's to say, in the turn.
        if (start.Option("template") is not null)
            return null;
        return ReviewMessages.Text($"Starting review *{ReviewMessages.Limit(start.Argument, 140)}*…");
    }

    private Decision OnCommand(CommandEvent command, TurnInput input)
    {
        var parsed = CommandParser.Parse(command.Text);
        if (parsed.Name != CommandName.Unknown && parsed.UnknownOption() is { } unknown)
            return ChannelReply(command, ReviewMessages.UnknownOption(parsed, unknown));
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
            case CommandName.Templates:
                return ChannelReply(command, TemplateMessages.List(Templates));
            case CommandName.Unknown:
                return ChannelReply(command, $"I don't know `{ReviewMessages.Limit(parsed.Word, 40)}`.\n\n{ReviewMessages.CommandHelp}");
        }

        if (input.Review is not { } snapshot)
        {
            var candidates = ReviewTargets.Candidates(parsed, input.ChannelReviews, threadReviewId: null);
            if (candidates.Count > 1 && ReviewTargets.TakesValue(parsed.Name))
                return ChannelReply(command, ReminderMessages.WhichReviewForValue(parsed.Name, candidates));
            if (candidates.Count > 1)
                return ChannelReply(command, ReviewMessages.WhichReview(parsed.Name, candidates,
                    parsed.Name == CommandName.Export && ExportRequest.Parse(parsed.Argument).Format == ExportFormat.DecisionRecords ? "adr" : null));
            var which = parsed.Argument.Length > 0 && !ReviewTargets.TakesValue(parsed.Name) ? $"named \"{ReviewMessages.Limit(parsed.Argument, 80)}\" " : "";
            return ChannelReply(command, $"There is no design review {which}in this channel. Start one with `/design start <title>`, or see `/design list`.");
        }
        return OnReviewCommand(command, parsed.Name, snapshot);
    }

    /// <summary>A "Which review?" button: the command it names, on the review it names, for the member who pressed it.</summary>
    private Decision OnPickedReview(ButtonPressedEvent pick, TurnInput input)
    {
        if (input.Review is not { } snapshot || !ButtonValues.TryParseCommand(pick.Value, out _, out var name, out var words))
            return Decision.ChannelOnly([]);
        // The button keeps the command's words (`export adr`); the review is the one the button names.
        var command = new CommandEvent(pick.EventId, pick.Channel, pick.User, pick.At, words) { ThreadId = pick.ThreadId };
        return OnReviewCommand(command, name, snapshot);
    }

    private Decision OnReviewCommand(CommandEvent command, CommandName name, ReviewSnapshot snapshot)
    {
        if (Templates.Find(snapshot.State.TemplateId) is not { } template)
            return TemplateGone(command, snapshot.State);
        var b = new TurnBuilder(snapshot.State, snapshot.Answers, snapshot.Posted);
        var view = new ReviewView(template, snapshot.State, snapshot.Answers);
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
                var export = ExportRequest.Parse(CommandParser.Parse(command.Text).Argument).Format == ExportFormat.DecisionRecords
                    ? ReviewMessages.ExportDecisionRecords(view, links.For(snapshot.State.Id))
                    : ReviewMessages.Export(view, links.For(snapshot.State.Id));
                b.Post(export, threadRootKey: ReviewState.CardKey);
                break;
            case CommandName.Cancel:
                Cancel(b, command, view);
                break;
            case CommandName.Due:
                ReminderFlowFor(template).Due(b, command, CommandParser.Parse(command.Text));
                break;
            case CommandName.Remind:
                ReminderFlowFor(template).Remind(b, command);
                break;
            case CommandName.Snooze:
                ReminderFlowFor(template).Snooze(b, command, CommandParser.Parse(command.Text));
                break;
            case CommandName.Close:
                ReminderFlowFor(template).Close(b, command);
                break;
            case CommandName.Reopen:
                ReminderFlowFor(template).Reopen(b, command, CommandParser.Parse(command.Text));
                break;
        }
        return b.ToDecision(isNew: false);
    }

    private Decision Start(CommandEvent command, Command parsed, TurnInput input)
    {
        // `--template <id>` picks one of the catalog's; none named is the default. An unknown id starts nothing.
        var template = parsed.Option("template") is { } named ? Templates.Find(named) : Templates.Default;
        if (template is null)
            return ChannelReply(command, TemplateMessages.Unknown(parsed.Option("template")!, Templates));
        var state = new ReviewState(
            input.NewReviewId, template.Id, ReviewMessages.Limit(parsed.Argument, 140), command.User, command.Channel, parsed.Parallel,
            ReviewStatus.Active, input.Now, null,
            [.. template.Steps.Select(s => new StepSession(s.Id, DialogState.New))], 0);
        var (schedule, problem) = ReminderFlowFor(template).StartSchedule(parsed, state, input.Now);
        if (problem is not null)
            return ChannelReply(command, problem);
        state = state with { Schedule = schedule };
        var b = new TurnBuilder(state, []);
        var opening = parsed.Parallel ? template.Steps : template.Steps.Take(1);
        var begun = opening.Select(step => (step, turn: StepFlow.DialogFor(step).Begin(DialogState.New))).ToList();
        foreach (var (step, turn) in begun)
            b.State = b.State.WithSession(new StepSession(step.Id, turn.State));

        var steps = Steps(template);
        // The card goes first so it sits above the step threads in the channel.
        b.Post(ReviewMessages.ReviewCard(new ReviewView(template, b.State, [])), key: ReviewState.CardKey, opensThreadForStep: ReviewState.ReviewThread);
        foreach (var (step, turn) in begun)
            steps.ShowStepOpening(b, step, turn);
        // The start command's own thread says where the review runs, and is indexed as the review's, so replies there get
        // a hint (and `q3: …` lands). A start typed inside some thread leaves that thread to whoever owns it.
        if (command.MessageId is { } commandMessage && command.ThreadId is null)
            b.PostInThread(ReviewMessages.ReviewStarted(new ReviewView(template, b.State, [])), commandMessage, opensThreadForStep: ReviewState.ReviewThread);
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
