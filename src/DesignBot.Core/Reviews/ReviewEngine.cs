using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reviews;

/// <summary>
/// The review engine: a pure function of (review, inbound event, clock) → (state changes, outbound messages).
/// Commands are handled here; everything that happens inside a step thread is in <see cref="StepFlow"/>.
/// </summary>
public sealed class ReviewEngine(ReviewTemplate template, IReviewLinks links)
{
    private readonly StepFlow _steps = new(template, links);

    public ReviewTemplate Template { get; } = template;

    public Decision Decide(TurnInput input) => input.Event switch
    {
        CommandEvent command => OnCommand(command, input),
        ButtonPressedEvent { ActionId: ButtonValues.PickReview } pick => OnPickedReview(pick, input),
        // Threads that are not a review's step thread are people talking among themselves: not ours to answer.
        _ when input.Review is null => Decision.ChannelOnly([]),
        _ when input.StepId == ReviewState.ReviewThread => OnReviewThread(input),
        _ => _steps.Decide(input),
    };

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
        return ReviewMessages.Text($"Starting review *{ReviewMessages.Limit(start.Argument, 140)}*…");
    }

    /// <summary>
    /// The review a command is about, when exactly one fits (see <see cref="Candidates"/>); null for commands about no
    /// review, and when none or several fit (the engine then says so, or asks which).
    /// </summary>
    public static string? TargetReviewId(CommandEvent command, IReadOnlyList<ReviewListing> reviews, string? threadReviewId = null)
    {
        var parsed = CommandParser.Parse(command.Text);
        if (!IsAboutAReview(parsed.Name))
            return null;
        return Candidates(parsed, reviews, threadReviewId) is [var only] ? only.Id : null;
    }

    /// <summary>
    /// The reviews a command could mean, newest first. A title names one (its id, the whole title, or the start of it); a
    /// command without one typed in a review's thread means that review; otherwise the channel's active reviews, or the
    /// newest review when none is active. Of several reviews that fit, the active ones are kept.
    /// </summary>
    public static IReadOnlyList<ReviewListing> Candidates(Command parsed, IReadOnlyList<ReviewListing> reviews, string? threadReviewId)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var newestFirst = reviews.OrderByDescending(r => r.CreatedAt).ToList();
        if (parsed.Argument.Length > 0)
        {
            var name = parsed.Argument;
            if (newestFirst.FirstOrDefault(r => r.Id == name) is { } byId)
                return [byId];
            var exact = newestFirst.Where(r => r.Title.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            return Narrow(exact.Count > 0 ? exact : [.. newestFirst.Where(r => r.Title.StartsWith(name, StringComparison.OrdinalIgnoreCase))]);
        }
        if (threadReviewId is not null && newestFirst.FirstOrDefault(r => r.Id == threadReviewId) is { } threads)
            return [threads];
        return Narrow(newestFirst);
    }

    // One review: it. Several: the active ones if any (one is the answer, more need asking), else the newest.
    private static List<ReviewListing> Narrow(List<ReviewListing> newestFirst)
    {
        if (newestFirst.Count <= 1)
            return newestFirst;
        var active = newestFirst.Where(r => r.Status == ReviewStatus.Active).ToList();
        return active.Count > 0 ? active : [newestFirst[0]];
    }

    private static bool IsAboutAReview(CommandName name) => name is CommandName.Status or CommandName.Summary or CommandName.Export or CommandName.Cancel;

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
            var candidates = Candidates(parsed, input.ChannelReviews, threadReviewId: null);
            if (candidates.Count > 1)
                return ChannelReply(command, ReviewMessages.WhichReview(parsed.Name, candidates));
            var which = parsed.Argument.Length > 0 ? $"named \"{ReviewMessages.Limit(parsed.Argument, 80)}\" " : "";
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
        var b = new TurnBuilder(snapshot.State, snapshot.Answers);
        var view = new ReviewView(Template, snapshot.State, snapshot.Answers);
        switch (name)
        {
            case CommandName.Status:
                // A read: only the asker sees it, and the review itself does not change (the card stays the one live view).
                return ChannelReply(command, ReviewMessages.Status(view, links.For(snapshot.State.Id)));
            case CommandName.Summary:
                b.Post(ReviewMessages.Summary(view, links.For(snapshot.State.Id)));
                break;
            case CommandName.Export:
                b.Post(ReviewMessages.Export(view, links.For(snapshot.State.Id)));
                break;
            case CommandName.Cancel:
                Cancel(b, command, view);
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
        b.Post(ReviewMessages.Text($"{command.User.Name} cancelled the design review **{state.Title}**. Its answers stay readable with `/design export`."));
    }

    /// <summary>
    /// A reply in a thread of the review that is no step's (the card's, the start command's). `q3: …` lands on question 3
    /// of the current step, as if typed in its thread; an edit or deletion of such a reply reaches the answer it made.
    /// Anything else gets a hint, for its author only: where to answer, what works here.
    /// </summary>
    private Decision OnReviewThread(TurnInput input)
    {
        var snapshot = input.Review!;
        var view = new ReviewView(Template, snapshot.State, snapshot.Answers);
        switch (input.Event)
        {
            case ThreadReplyEvent reply:
                var typed = ThreadInputParser.Parse(reply.Text);
                if (typed is { Word: ThreadWord.None, ExplicitQuestion: not null } && snapshot.State.Status == ReviewStatus.Active && view.ActiveSteps() is { Count: > 0 } active)
                {
                    if (active.Count > 1)
                        return ThreadReply(reply, ReviewMessages.UseAStepThread(view), reply.User.Id);
                    var decision = _steps.Decide(input with { StepId = active[0].Id });
                    if (decision.AwaitsPosts || decision.UpsertAnswers.FirstOrDefault(a => a.Id == reply.MessageId) is not { } landed)
                        return decision;
                    var note = new OutboundMessage($"evt:{reply.EventId}", snapshot.State.Channel, ReviewMessages.LandedOnStep(active[0], landed.QuestionIndex)) { ThreadId = reply.ThreadId };
                    return decision with { Messages = [.. decision.Messages, note] };
                }
                return ThreadReply(reply, ReviewMessages.ReviewThreadHint(view), reply.User.Id);
            case ReplyEditedEvent or ReplyDeletedEvent:
                var messageId = input.Event is ReplyEditedEvent edit ? edit.MessageId : ((ReplyDeletedEvent)input.Event).MessageId;
                return snapshot.Answers.FirstOrDefault(a => a.Id == messageId) is { } answer
                    ? _steps.Decide(input with { StepId = answer.StepId })
                    : Decision.ChannelOnly([]);
            default:
                return Decision.ChannelOnly([]);
        }
    }

    // A reply in the thread the event came from, keyed by the event so a retry is idempotent.
    private static Decision ThreadReply(ThreadReplyEvent reply, NeutralMessage body, string? visibleTo) =>
        Decision.ChannelOnly([new OutboundMessage($"evt:{reply.EventId}", reply.Channel, body) { ThreadId = reply.ThreadId, VisibleTo = visibleTo }]);

    private static Decision ChannelReply(CommandEvent command, string markdown) =>
        ChannelReply(command, ReviewMessages.Text(markdown));

    // Replies to commands live in the channel's own outbox, keyed by the event so a retry is idempotent, and only the
    // asker sees them; a command typed in a thread is answered there.
    private static Decision ChannelReply(CommandEvent command, NeutralMessage body) =>
        Decision.ChannelOnly([new OutboundMessage($"evt:{command.EventId}", command.Channel, body) { VisibleTo = command.User.Id, ThreadId = command.ThreadId }]);
}
