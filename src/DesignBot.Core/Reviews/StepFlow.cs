using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reviews;

/// <summary>
/// What happens in a step thread: replies, thread words, buttons, edits and deletions drive the step's
/// waterfall; a finished step opens the next; the last one produces the summary.
/// </summary>
internal sealed class StepFlow(ReviewTemplate template, IReviewLinks links, TimeSpan settle)
{
    /// <summary>The key of the sizing estimate in the sizing thread, updated in place when its inputs change.</summary>
    public const string SizingEstimateKey = "sizing:estimate";

    private const string PressedAnswerPrefix = "press:";

    public static WaterfallDialog DialogFor(StepTemplate step) => new(step.Id, [.. step.Questions.Select(Prompt.For)]);

    public Decision Decide(TurnInput input)
    {
        var snapshot = input.Review!;
        var b = new TurnBuilder(snapshot.State, snapshot.Answers, snapshot.Posted);
        var progressBefore = ProgressLine(b);
        var stepId = input.Event is ButtonPressedEvent button && ButtonValues.TryParse(button.Value, out _, out var buttonStep, out _)
            ? buttonStep
            : input.StepId;
        var step = template.Steps.FirstOrDefault(s => s.Id == stepId);
        if (step is null)
            return b.ToDecision(isNew: false);

        if (b.State.Status == ReviewStatus.Cancelled && input.Event is ThreadReplyEvent)
        {
            b.Post(ReviewMessages.Text("This review was cancelled, so answers are no longer collected."), threadRootKey: ReviewState.StepRootKey(step.Id));
            return b.ToDecision(isNew: false);
        }

        if (!input.DecideWithoutPendingPosts && AnswerAwaitsPost(snapshot, step, input.Event))
            return new Decision(b.State.Id, null, [], [], []) { AwaitsPosts = true };

        var estimateBefore = ShownEstimate(b, step);
        switch (input.Event)
        {
            case ThreadReplyEvent reply:
                OnReply(b, step, reply.User, reply.MessageId, reply.Text, reply.At, input.Now);
                break;
            case ReplyEditedEvent edit:
                OnEdit(b, step, edit, input.Now);
                break;
            case ReplyDeletedEvent deleted:
                var removed = b.FindAnswer(deleted.MessageId);
                b.Delete(deleted.MessageId);
                if (removed is not null)
                    AskAgainIfEmptied(b, step, removed.QuestionIndex, input.Now);
                break;
            case ButtonPressedEvent pressed:
                OnButton(b, step, PressedQuestion(snapshot, step, pressed), pressed, input.Now);
                break;
        }

        UpdateLandingMarks(b, step, snapshot.Answers);
        if (estimateBefore is not null && ShownEstimate(b, step) is { } estimateAfter && Json.CoreJson.Serialize(estimateAfter) != Json.CoreJson.Serialize(estimateBefore))
            b.Update(SizingEstimateKey, estimateAfter);
        if (ProgressLine(b) != progressBefore)
            b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(View(b)));
        return b.ToDecision(isNew: false);
    }

    /// <summary>
    /// A reply that may answer the step's newest question (no thread word, not aimed with q3:) while that question has
    /// been queued but its post is not recorded: the reply may answer it (if it was already on screen) or the one
    /// before. A button pressed on a message not known yet may be on that question too. The dispatcher records posts
    /// within moments, so the turn waits for it rather than guess — unless the question is still in its settle pause
    /// at the reply's time: then nobody can have seen it, and the reply belongs to the question before.
    /// </summary>
    private static bool AnswerAwaitsPost(ReviewSnapshot review, StepTemplate step, InboundEvent inbound)
    {
        var dialog = review.State.Session(step.Id).Dialog;
        if (dialog.Status != DialogStatus.Active || dialog.Asks.Count == 0 || PlatformIdOf(review, dialog.Asks[^1].MessageKey) is not null)
            return false;
        var newest = dialog.Asks[^1];
        switch (inbound)
        {
            case ThreadReplyEvent reply:
                var input = ThreadInputParser.Parse(reply.Text);
                var settling = newest.NotBefore is { } shownAfter && reply.At < shownAfter;
                // Answers, and skip/back, which act on the question the sender saw.
                return input.Word is ThreadWord.None or ThreadWord.Skip or ThreadWord.Back && input.ExplicitQuestion is null && !settling;
            case ButtonPressedEvent pressed:
                return KeyPostedWithId(review, pressed.MessageId) is null;
            default:
                return false;
        }
    }

    /// <summary>Posts a freshly opened step's root message (its thread) and the first question in it.</summary>
    public void ShowStepOpening(TurnBuilder b, StepTemplate step, DialogTurn begun)
    {
        b.Post(ReviewMessages.StepRoot(template, step), key: ReviewState.StepRootKey(step.Id), opensThreadForStep: step.Id);
        Show(b, step, begun, DateTimeOffset.MinValue);
    }

    private void OnReply(TurnBuilder b, StepTemplate step, UserRef user, string messageId, string text, DateTimeOffset sentAt, DateTimeOffset now)
    {
        var dialog = DialogFor(step);
        var state = b.State.Session(step.Id).Dialog;
        var input = ThreadInputParser.Parse(text);
        var context = Context(b, step, now);
        switch (input.Word)
        {
            case ThreadWord.Skip:
            {
                // Skip acts on the question the sender saw: if the thread moved on meanwhile (someone answered it), nothing is skipped.
                var seen = SeenQuestion(state, sentAt, context);
                // The reason given with a skip ("skip, we don't know yet") is kept as discussion under the question it was about.
                if (input.Text.Length > 0 && state.Status == DialogStatus.Active)
                    b.Upsert(new Answer(messageId, step.Id, step.Questions[seen].Id, seen, user, text.Trim(), null, sentAt, null) { Kind = AnswerKind.Discussion });
                if (state.Status == DialogStatus.Active && seen != state.Index)
                {
                    Note(b, step, $"Q{seen + 1} was answered meanwhile, so nothing was skipped; the thread is on Q{state.Index + 1}.");
                    return;
                }
                Show(b, step, dialog.Skip(state, null, context), now);
                return;
            }
            case ThreadWord.Back:
                if (state.Status == DialogStatus.Active && SeenQuestion(state, sentAt, context) != state.Index)
                {
                    Note(b, step, $"The thread moved on to Q{state.Index + 1} meanwhile; `back` again re-asks Q{state.Index}.");
                    return;
                }
                Show(b, step, dialog.Back(state), now);
                return;
            case ThreadWord.Done:
                Show(b, step, dialog.Finish(state), now);
                return;
            case ThreadWord.Help:
                Note(b, step, ReviewMessages.ThreadHelp);
                return;
            case ThreadWord.Undo:
                Undo(b, step, user, now);
                return;
            case ThreadWord.Move:
                Move(b, step, user, input.ExplicitQuestion ?? 0, now);
                return;
            case ThreadWord.Pin or ThreadWord.Unpin:
                var (pins, said) = Sizing.SizingPins.Apply(step, b.State, b.Answers, user, input, state.Status == DialogStatus.Active ? state.Index : null);
                if (!ReferenceEquals(pins, b.State.Pins))
                {
                    b.State = b.State with { Pins = pins };
                    b.MarkChanged();
                }
                Note(b, step, said);
                return;
        }
        if (input.ExplicitQuestion is { } n && (n < 1 || n > step.Questions.Count))
        {
            Note(b, step, $"This step has {step.Questions.Count} questions, so there is no question {(n > 999 ? "that high" : n)}. Your reply was not stored — send it again as `q1: …` to `q{step.Questions.Count}: …`.");
            return;
        }
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            var prefix = input.ExplicitQuestion is { } q ? $"q{q}:" : "a:";
            var example = dialog.Prompts[(input.ExplicitQuestion ?? Math.Min(state.Index, step.Questions.Count - 1) + 1) - 1].Example;
            Note(b, step, $"`{prefix}` needs the answer after the colon, e.g. `{prefix} {example}`.");
            return;
        }

        var target = dialog.TargetOf(state, sentAt, input.ExplicitQuestion - 1, context);
        if (!input.MarkedAsAnswer && DiscussionDetector.IsDiscussion(input.Text, dialog.Prompts[target]))
        {
            // Kept for the document under the question it was said about; it answers nothing and moves nothing.
            b.Upsert(new Answer(messageId, step.Id, step.Questions[target].Id, target, user, input.Text, null, sentAt, null) { Kind = AnswerKind.Discussion });
            return;
        }
        var turn = dialog.Reply(state, input.Text, sentAt, input.ExplicitQuestion - 1, context);
        b.Upsert(AnswerFrom(messageId, step, target, user, input.Text, turn.Answer!, sentAt));
        Show(b, step, turn, now);
    }

    /// <summary>The question the sender saw when sending (the timestamp rule), or the current one when none was posted before.</summary>
    private static int SeenQuestion(DialogState state, DateTimeOffset sentAt, DialogContext context) =>
        WaterfallDialog.QuestionAskedBefore(state, sentAt, context) ?? state.Index;

    /// <summary>
    /// A question the thread had moved past lost its last answer (moved, undone, deleted): it is asked again, unless the
    /// thread's newest question is still on its way (then the note says how to answer it instead).
    /// </summary>
    private void AskAgainIfEmptied(TurnBuilder b, StepTemplate step, int question, DateTimeOffset now)
    {
        var state = b.State.Session(step.Id).Dialog;
        var context = Context(b, step, now);
        if (state.Status != DialogStatus.Active || question >= state.Index || context.IsAnswered(question) || state.Skipped.Contains(question))
            return;
        if (state.Asks.Count > 0 && !b.Posted.ContainsKey(state.Asks[^1].MessageKey))
        {
            Note(b, step, $"Q{question + 1} has no answer now — `q{question + 1}: …` gives one.");
            return;
        }
        Show(b, step, DialogFor(step).AskAgain(state, question), now);
    }

    /// <summary>A reply kept as an answer: its value when read (the member's words kept as they typed them), else unread.</summary>
    private static Answer AnswerFrom(string id, StepTemplate step, int question, UserRef user, string typed, PromptResult read, DateTimeOffset sentAt) =>
        new(id, step.Id, step.Questions[question].Id, question, user, read.Succeeded ? read.Text : typed.Trim(), read.Succeeded ? read.Number : null, sentAt, null)
        {
            Kind = read.Succeeded ? AnswerKind.Answer : AnswerKind.Unread,
            Low = read.Succeeded ? read.Low : null,
        };

    private void OnEdit(TurnBuilder b, StepTemplate step, ReplyEditedEvent edit, DateTimeOffset now)
    {
        if (b.FindAnswer(edit.MessageId) is not { } existing)
        {
            // An edited reply that was not kept (a thread word, say) is read as the reply it now is.
            if (ThreadInputParser.Parse(edit.Text).Word == ThreadWord.None)
                OnReply(b, step, edit.User, edit.MessageId, edit.Text, edit.SentAt, now);
            return;
        }
        var input = ThreadInputParser.Parse(edit.Text);
        if (input.Word != ThreadWord.None)
        {
            // An edit is never run as a thread word; a skip's reason edited stays discussion, with its new text.
            if (input.Word == ThreadWord.Skip && existing.Kind == AnswerKind.Discussion)
                b.Upsert(existing with { Text = edit.Text.Trim(), EditedAt = edit.At });
            return;
        }
        var question = input.ExplicitQuestion is { } n && n >= 1 && n <= step.Questions.Count ? n - 1 : existing.QuestionIndex;
        var prompt = Prompt.For(step.Questions[question]);
        if (string.IsNullOrWhiteSpace(input.Text))
            return;
        if (!input.MarkedAsAnswer && DiscussionDetector.IsDiscussion(input.Text, prompt))
        {
            b.Upsert(existing with { QuestionIndex = question, QuestionId = step.Questions[question].Id, Text = input.Text, Number = null, Low = null, Kind = AnswerKind.Discussion, EditedAt = edit.At });
            return;
        }
        var read = prompt.Recognize(input.Text);
        if (!read.Succeeded)
            Note(b, step, $"{read.Error} — I kept your edit; give the value as `q{question + 1}: {prompt.Example}`.");
        b.Upsert(AnswerFrom(existing.Id, step, question, existing.Author, input.Text, read, existing.SentAt) with { EditedAt = edit.At });
        if (existing.Kind == AnswerKind.Discussion || question != existing.QuestionIndex)
            Show(b, step, DialogFor(step).Answered(b.State.Session(step.Id).Dialog, question, Context(b, step, now)), now);
        if (question != existing.QuestionIndex)
            AskAgainIfEmptied(b, step, existing.QuestionIndex, now);
    }

    /// <summary>`undo`: removes the sender's latest reply in this step and says which.</summary>
    private void Undo(TurnBuilder b, StepTemplate step, UserRef user, DateTimeOffset now)
    {
        if (LatestReplyOf(b, step, user) is not { } latest)
        {
            Note(b, step, $"{user.Display}, you have no reply in this step to undo.");
            return;
        }
        b.Delete(latest.Id);
        Note(b, step, $"Removed {user.Display}'s {What(latest)} to Q{latest.QuestionIndex + 1}: \"{ReviewMessages.Limit(ReviewMessages.OneLine(latest.Text), 80)}\".");
        AskAgainIfEmptied(b, step, latest.QuestionIndex, now);
    }

    /// <summary>`move q3`: the sender's latest reply in this step becomes an answer to question 3, read anew for it.</summary>
    private void Move(TurnBuilder b, StepTemplate step, UserRef user, int question, DateTimeOffset now)
    {
        if (question < 1 || question > step.Questions.Count)
        {
            Note(b, step, $"This step has questions 1 to {step.Questions.Count}: `move q1` … `move q{step.Questions.Count}`.");
            return;
        }
        if (LatestReplyOf(b, step, user) is not { } latest)
        {
            Note(b, step, $"{user.Display}, you have no reply in this step to move.");
            return;
        }
        var target = question - 1;
        var prompt = Prompt.For(step.Questions[target]);
        var read = prompt.Recognize(latest.Text);
        // A pressed answer is one per member and question by id; moved, it gets an id of its own, so a later press on its
        // old question does not overwrite it.
        var id = latest.Id.StartsWith(PressedAnswerPrefix, StringComparison.Ordinal) ? $"moved:{latest.Id}:{target}" : latest.Id;
        if (id != latest.Id)
            b.Delete(latest.Id);
        b.Upsert(AnswerFrom(id, step, target, latest.Author, latest.Text, read, latest.SentAt) with { EditedAt = latest.EditedAt });
        var from = latest.QuestionIndex == target ? "" : $" from Q{latest.QuestionIndex + 1}";
        var unread = read.Succeeded ? "" : $" {read.Error} — give the value as `q{question}: {prompt.Example}`.";
        Note(b, step, $"Moved {user.Display}'s {What(latest)}{from} to Q{question}: \"{ReviewMessages.Limit(ReviewMessages.OneLine(latest.Text), 80)}\".{unread}");
        Show(b, step, DialogFor(step).Answered(b.State.Session(step.Id).Dialog, target, Context(b, step, now)), now);
        if (latest.QuestionIndex != target)
            AskAgainIfEmptied(b, step, latest.QuestionIndex, now);
    }

    private static Answer? LatestReplyOf(TurnBuilder b, StepTemplate step, UserRef user) =>
        b.Answers.Where(a => a.StepId == step.Id && a.Author.Id == user.Id).OrderBy(a => a.SentAt).ThenBy(a => a.Id, StringComparer.Ordinal).LastOrDefault();

    private static string What(Answer reply) => reply.Kind == AnswerKind.Discussion ? "message" : "answer";

    /// <summary>
    /// The ask a press was made on, or null for a forged or misdirected press: the pressed message must be one of
    /// ours (its platform id is where this review recorded a post) asking, in this step, the question the button names.
    /// </summary>
    private static Ask? PressedQuestion(ReviewSnapshot review, StepTemplate step, ButtonPressedEvent pressed)
    {
        if (!ButtonValues.TryParse(pressed.Value, out var reviewId, out _, out var question) || reviewId != review.State.Id)
            return null;
        var key = KeyPostedWithId(review, pressed.MessageId);
        return review.State.Session(step.Id).Dialog.Asks.FirstOrDefault(a => a.MessageKey == key && a.Question == question);
    }

    private void OnButton(TurnBuilder b, StepTemplate step, Ask? pressed, ButtonPressedEvent press, DateTimeOffset now)
    {
        var isOption = ButtonValues.TryParseOption(press.ActionId, out var option);
        // A press that matches no question of ours changes nothing and says nothing: nobody saw that button.
        if (pressed is null || !(isOption || press.ActionId is ButtonValues.SkipQuestion or ButtonValues.FinishStep))
            return;
        if (b.State.Status == ReviewStatus.Cancelled)
        {
            Note(b, step, "This review was cancelled, so its buttons no longer do anything.");
            return;
        }
        var dialog = DialogFor(step);
        var state = b.State.Session(step.Id).Dialog;
        if (isOption)
        {
            OnOption(b, step, pressed.Question, option, press, now);
            return;
        }
        if (state.Status != DialogStatus.Active)
        {
            Note(b, step, $"That button belongs to an earlier question, and this step is finished. `q{pressed.Question + 1}: …` still adds an answer.");
            return;
        }
        if (pressed.Question != state.Index)
        {
            Note(b, step, $"That button belongs to an earlier question (Q{pressed.Question + 1}); this thread is on Q{state.Index + 1} now, so nothing changed.");
            return;
        }
        var turn = press.ActionId == ButtonValues.SkipQuestion ? dialog.Skip(state, pressed.Question, Context(b, step, now)) : dialog.Finish(state);
        Show(b, step, turn, now);
    }

    /// <summary>
    /// An option button answers its question for the member who pressed it: one pressed answer per member and question
    /// (pressing another option changes it), on any question of the step, as `q3: …` would.
    /// </summary>
    private void OnOption(TurnBuilder b, StepTemplate step, int question, int option, ButtonPressedEvent press, DateTimeOffset now)
    {
        var options = ReviewMessages.OptionsOf(step.Questions[question]);
        if (option < 0 || option >= options.Count)
            return;
        var read = Prompt.For(step.Questions[question]).Recognize(options[option]);
        var id = $"{PressedAnswerPrefix}{step.Id}:{question}:{press.User.Id}";
        b.Upsert(AnswerFrom(id, step, question, press.User, options[option], read, press.At));
        Show(b, step, DialogFor(step).Answered(b.State.Session(step.Id).Dialog, question, Context(b, step, now)), now);
    }

    /// <summary>
    /// Each question's message shows where replies landed (`✓ alice, carol`): a question whose replies changed in this
    /// turn gets its latest ask updated in place (an ask first posted in this turn already shows them).
    /// </summary>
    private static void UpdateLandingMarks(TurnBuilder b, StepTemplate step, IReadOnlyList<Answer> before)
    {
        var asks = b.State.Session(step.Id).Dialog.Asks;
        for (var q = 0; q < step.Questions.Count; q++)
        {
            var marksBefore = MarksOf(before, step, q);
            var marksAfter = MarksOf(b.Answers, step, q);
            if (marksAfter.Line() == marksBefore.Line())
                continue;
            // Every time the question was put to the thread shows it (after `back` it is there twice).
            foreach (var ask in asks.Where(a => a.Question == q).DistinctBy(a => a.MessageKey))
            {
                if (!b.PostsInThisTurn(ask.MessageKey))
                    b.Update(ask.MessageKey, ReviewMessages.Question(b.State.Id, step, q, null, marksAfter));
            }
        }
    }

    private static QuestionMarks MarksOf(IEnumerable<Answer> answers, StepTemplate step, int question) =>
        QuestionMarks.Of(answers.Where(a => a.StepId == step.Id && a.QuestionIndex == question));

    /// <summary>The sizing estimate as its thread shows it, or null while it is not shown (the sizing step is not done).</summary>
    /// <summary>
    /// The sizing estimate as its thread shows it, or null while it is not shown: it is queued when the sizing step
    /// completes, so from then on (recorded or still on its way — an update waits behind it) it follows its inputs.
    /// Only a turn in the step that computes it can change its inputs, so other steps' turns do not estimate at all.
    /// </summary>
    private NeutralMessage? ShownEstimate(TurnBuilder b, StepTemplate step) =>
        step.IsSizing && b.State.Session(step.Id).Dialog.Status == DialogStatus.Completed
            ? ReviewMessages.SizingEstimate(View(b).Sizing())
            : null;

    /// <summary>Stores the dialog's new state and shows what it asks for; a completed step moves the review on.</summary>
    private void Show(TurnBuilder b, StepTemplate step, DialogTurn turn, DateTimeOffset now)
    {
        b.State = b.State.WithSession(new StepSession(step.Id, turn.State));
        b.MarkChanged();
        foreach (var action in turn.Actions)
        {
            switch (action)
            {
                case AskQuestion ask:
                    b.Post(ReviewMessages.Question(b.State.Id, step, ask.Question, ask.Error, MarksOf(b.Answers, step, ask.Question)),
                        threadRootKey: ReviewState.StepRootKey(step.Id), key: ask.MessageKey, notBefore: ask.NotBefore);
                    break;
                case DialogNote note:
                    Note(b, step, note.Text);
                    break;
                case DialogCompleted:
                    OnStepCompleted(b, step, now);
                    break;
            }
        }
    }

    private void OnStepCompleted(TurnBuilder b, StepTemplate step, DateTimeOffset now)
    {
        var root = ReviewState.StepRootKey(step.Id);
        if (step.IsSizing && !b.Posted.ContainsKey(SizingEstimateKey))
            b.Post(ReviewMessages.SizingEstimate(View(b).Sizing()), threadRootKey: root, key: SizingEstimateKey);
        b.Post(ReviewMessages.StepComplete(View(b), step), threadRootKey: root);

        var next = template.Steps.FirstOrDefault(s => b.State.Session(s.Id).Dialog.Status == DialogStatus.NotStarted);
        // A step reopened (`/design reopen`) while a later one runs finishes without opening another beside it; the running
        // later step opens the next when it finishes, whatever earlier step is open again. A review the owner closed early
        // walks no further when a reopened step finishes: the steps it never reached stay so.
        var laterStepRuns = template.Steps.SkipWhile(s => s.Id != step.Id).Skip(1).Any(s => b.State.Session(s.Id).Dialog.Status == DialogStatus.Active);
        if (next is not null && !b.State.Parallel && !b.State.ClosedEarly && !laterStepRuns)
        {
            var begun = DialogFor(next).Begin(DialogState.New);
            b.State = b.State.WithSession(new StepSession(next.Id, begun.State));
            ShowStepOpening(b, next, begun);
            return;
        }
        var allDone = b.State.ClosedEarly
            ? b.State.Steps.All(s => s.Dialog.Status != DialogStatus.Active)
            : b.State.Steps.All(s => s.Dialog.Status == DialogStatus.Completed);
        if (allDone && b.State.Status == ReviewStatus.Active)
        {
            b.State = b.State with { Status = ReviewStatus.Completed, FinishedAt = now };
            // Finished again after a reopen: a new summary (a second "summary" key would be taken for a copy and dropped).
            b.Post(ReviewMessages.Summary(View(b), links.For(b.State.Id)), key: b.Posted.ContainsKey("summary") ? null : "summary", opensThreadForStep: ReviewState.ReviewThread);
        }
    }

    private static void Note(TurnBuilder b, StepTemplate step, string markdown) =>
        b.Post(ReviewMessages.Text(markdown), threadRootKey: ReviewState.StepRootKey(step.Id));

    private DialogContext Context(TurnBuilder b, StepTemplate step, DateTimeOffset now) => new(
        key => b.Posted.TryGetValue(key, out var posted) ? posted.PostedAt : null,
        question => b.Answers.Any(a => a.StepId == step.Id && a.QuestionIndex == question && a.IsAnswer))
    {
        SettleUntil = settle > TimeSpan.Zero ? now + settle : null,
    };

    // Where messages landed (the store's snapshot, not the review state) is read only through these two.
    /// <summary>The platform id our message with this key landed with; null when its post is not recorded.</summary>
    private static string? PlatformIdOf(ReviewSnapshot review, string key) =>
        review.Posted.TryGetValue(key, out var posted) ? posted.MessageId : null;

    /// <summary>The key of our message that landed with this platform message id; null when none did.</summary>
    private static string? KeyPostedWithId(ReviewSnapshot review, string platformMessageId) =>
        review.Posted.FirstOrDefault(p => p.Value.MessageId == platformMessageId).Key;

    private ReviewView View(TurnBuilder b) => new(template, b.State, b.Answers);

    private string ProgressLine(TurnBuilder b) =>
        ReviewMessages.ProgressLine(View(b).Progress()) + b.State.Status;
}
