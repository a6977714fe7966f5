using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reviews;

/// <summary>
/// What happens in a step thread: replies, thread words, buttons, edits and deletions drive the step's
/// waterfall; a finished step opens the next; the last one produces the summary.
/// </summary>
internal sealed class StepFlow(ReviewTemplate template, IReviewLinks links)
{
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

        switch (input.Event)
        {
            case ThreadReplyEvent reply:
                OnReply(b, step, reply.User, reply.MessageId, reply.Text, reply.At, input.Now);
                break;
            case ReplyEditedEvent edit:
                OnEdit(b, step, edit, input.Now);
                break;
            case ReplyDeletedEvent deleted:
                b.Delete(deleted.MessageId);
                break;
            case ButtonPressedEvent pressed:
                OnButton(b, step, PressedQuestion(snapshot, step, pressed), pressed.ActionId, input.Now);
                break;
        }

        if (ProgressLine(b) != progressBefore)
            b.Update(ReviewState.CardKey, ReviewMessages.ReviewCard(View(b)));
        return b.ToDecision(isNew: false);
    }

    /// <summary>
    /// An answer (not a thread word, not aimed with q3:) while the step's newest question has been queued but its
    /// post is not recorded: the reply may answer that question (if it was already on screen) or the one before.
    /// A button pressed on a message not known yet may be on that question too. The dispatcher records posts
    /// within moments, so the turn waits for it rather than guess.
    /// </summary>
    private static bool AnswerAwaitsPost(ReviewSnapshot review, StepTemplate step, InboundEvent inbound)
    {
        var dialog = review.State.Session(step.Id).Dialog;
        var newestUnrecorded = dialog.Status == DialogStatus.Active && dialog.Asks.Count > 0 && PlatformIdOf(review, dialog.Asks[^1].MessageKey) is null;
        switch (inbound)
        {
            case ThreadReplyEvent reply:
                var input = ThreadInputParser.Parse(reply.Text);
                return input.Word == ThreadWord.None && input.ExplicitQuestion is null && newestUnrecorded;
            case ButtonPressedEvent pressed:
                return newestUnrecorded && KeyPostedWithId(review, pressed.MessageId) is null;
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
        var context = Context(b, step);
        switch (input.Word)
        {
            case ThreadWord.Skip:
                Show(b, step, dialog.Skip(state, null, context), now);
                return;
            case ThreadWord.Back:
                Show(b, step, dialog.Back(state), now);
                return;
            case ThreadWord.Done:
                Show(b, step, dialog.Finish(state), now);
                return;
            case ThreadWord.Help:
                Note(b, step, ReviewMessages.ThreadHelp);
                return;
        }
        if (input.ExplicitQuestion is { } n && (n < 1 || n > step.Questions.Count))
        {
            Note(b, step, $"This step has {step.Questions.Count} questions, so there is no question {n}. Your reply was not stored — send it again as `q1: …` to `q{step.Questions.Count}: …`.");
            return;
        }

        var turn = dialog.Reply(state, input.Text, sentAt, input.ExplicitQuestion - 1, context);
        if (turn is { Question: { } q, Answer.Succeeded: true })
        {
            var answer = turn.Answer!;
            b.Upsert(new Answer(messageId, step.Id, step.Questions[q].Id, q, user, answer.Text, answer.Number, sentAt, null));
        }
        Show(b, step, turn, now);
    }

    private void OnEdit(TurnBuilder b, StepTemplate step, ReplyEditedEvent edit, DateTimeOffset now)
    {
        if (b.FindAnswer(edit.MessageId) is not { } existing)
        {
            // An edited reply that was not an answer (say, one that failed to parse) is read as the reply it now is.
            if (ThreadInputParser.Parse(edit.Text).Word == ThreadWord.None)
                OnReply(b, step, edit.User, edit.MessageId, edit.Text, edit.SentAt, now);
            return;
        }
        var input = ThreadInputParser.Parse(edit.Text);
        var question = input.ExplicitQuestion is { } n && n >= 1 && n <= step.Questions.Count ? n - 1 : existing.QuestionIndex;
        var result = Prompt.For(step.Questions[question]).Recognize(input.Text);
        if (!result.Succeeded)
        {
            Note(b, step, $"{result.Error} Your edit was not stored; the answer to question {question + 1} stays \"{ReviewMessages.Limit(existing.Text, 80)}\".");
            return;
        }
        b.Upsert(existing with
        {
            QuestionIndex = question,
            QuestionId = step.Questions[question].Id,
            Text = result.Text,
            Number = result.Number,
            EditedAt = edit.At,
        });
    }

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

    private void OnButton(TurnBuilder b, StepTemplate step, Ask? pressed, string actionId, DateTimeOffset now)
    {
        // A press that matches no question of ours changes nothing and says nothing: nobody saw that button.
        if (pressed is null || actionId is not (ButtonValues.SkipQuestion or ButtonValues.FinishStep))
            return;
        if (b.State.Status == ReviewStatus.Cancelled)
        {
            Note(b, step, "This review was cancelled, so its buttons no longer do anything.");
            return;
        }
        var dialog = DialogFor(step);
        var state = b.State.Session(step.Id).Dialog;
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
        var turn = actionId == ButtonValues.SkipQuestion ? dialog.Skip(state, pressed.Question, Context(b, step)) : dialog.Finish(state);
        Show(b, step, turn, now);
    }

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
                    b.Post(ReviewMessages.Question(b.State.Id, step, ask.Question, ask.Error), threadRootKey: ReviewState.StepRootKey(step.Id), key: ask.MessageKey);
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
        if (step.Id == "sizing")
            b.Post(ReviewMessages.SizingEstimate(View(b).Sizing()), threadRootKey: root);
        b.Post(ReviewMessages.StepComplete(View(b), step), threadRootKey: root);

        var next = template.Steps.FirstOrDefault(s => b.State.Session(s.Id).Dialog.Status == DialogStatus.NotStarted);
        if (next is not null && !b.State.Parallel)
        {
            var begun = DialogFor(next).Begin(DialogState.New);
            b.State = b.State.WithSession(new StepSession(next.Id, begun.State));
            ShowStepOpening(b, next, begun);
            return;
        }
        var allDone = b.State.Steps.All(s => s.Dialog.Status == DialogStatus.Completed);
        if (allDone && b.State.Status == ReviewStatus.Active)
        {
            b.State = b.State with { Status = ReviewStatus.Completed, FinishedAt = now };
            b.Post(ReviewMessages.Summary(View(b), links.For(b.State.Id)), key: "summary");
        }
    }

    private static void Note(TurnBuilder b, StepTemplate step, string markdown) =>
        b.Post(ReviewMessages.Text(markdown), threadRootKey: ReviewState.StepRootKey(step.Id));

    private static DialogContext Context(TurnBuilder b, StepTemplate step) => new(
        key => b.Posted.TryGetValue(key, out var posted) ? posted.PostedAt : null,
        question => b.Answers.Any(a => a.StepId == step.Id && a.QuestionIndex == question));

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
