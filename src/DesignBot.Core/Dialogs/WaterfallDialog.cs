namespace DesignBot.Core.Dialogs;

public enum DialogStatus { NotStarted, Active, Completed }

/// <summary>
/// One time a question was put to the thread; the message key finds its platform timestamp once posted. NotBefore is set
/// when the question waits out the settle pause after an answer: a reply sent before then cannot have seen it.
/// </summary>
public sealed record Ask(int Question, string MessageKey)
{
    public DateTimeOffset? NotBefore { get; init; }
}

/// <summary>
/// The whole state of a waterfall: where it stands, every ask so far, and what was skipped.
/// Small, immutable and JSON-serializable; answers live beside it, not in it.
/// </summary>
public sealed record DialogState(int Index, DialogStatus Status, IReadOnlyList<Ask> Asks, IReadOnlyList<int> Skipped)
{
    public static DialogState New { get; } = new(0, DialogStatus.NotStarted, [], []);
}

/// <summary>
/// What the dialog needs to know of the world: when its messages were posted, and which questions have answers.
/// SettleUntil, when set, is when a question asked after an answer may be shown (the settle pause: answers typed at the
/// same time land together on the question their authors saw).
/// </summary>
public sealed record DialogContext(Func<string, DateTimeOffset?> PostedAt, Func<int, bool> IsAnswered)
{
    public DateTimeOffset? SettleUntil { get; init; }
}

/// <summary>Something the caller must show: a question (or re-prompt), a note, or that the dialog completed.</summary>
public abstract record DialogAction;
public sealed record AskQuestion(int Question, string MessageKey, string? Error) : DialogAction
{
    public DateTimeOffset? NotBefore { get; init; }
}
public sealed record DialogNote(string Text) : DialogAction;
public sealed record DialogCompleted : DialogAction;

/// <summary>The result of one move: the new state, the answer recognized (if any) and what to show.</summary>
public sealed record DialogTurn(DialogState State, int? Question, PromptResult? Answer, IReadOnlyList<DialogAction> Actions);

/// <summary>
/// A waterfall: an ordered list of prompts asked one at a time. Pure: every method maps a state
/// and an input to a new state and the actions to show, and never does I/O.
/// </summary>
public sealed class WaterfallDialog(string id, IReadOnlyList<Prompt> prompts)
{
    public string Id { get; } = id;
    public IReadOnlyList<Prompt> Prompts { get; } = prompts;

    public DialogTurn Begin(DialogState state) =>
        state.Status == DialogStatus.NotStarted
            ? AskAt(state with { Status = DialogStatus.Active, Index = 0 }, 0, error: null)
            : new DialogTurn(state, null, null, []);

    /// <summary>
    /// The question a reply is about: the one named explicitly (q3: …), else the one last asked before the reply was
    /// sent — a late reply lands on the question its author saw —, else the current one.
    /// </summary>
    public int TargetOf(DialogState state, DateTimeOffset sentAt, int? explicitQuestion, DialogContext context) =>
        explicitQuestion ?? QuestionAskedBefore(state, sentAt, context) ?? Math.Min(state.Index, Prompts.Count - 1);

    /// <summary>
    /// A reply is an answer to <see cref="TargetOf"/> (the caller has set discussion apart). It is kept whether or not
    /// its value could be read; an unread value gets one line saying what was not read and how to give it, and the
    /// waterfall moves on all the same: nobody has to repeat themselves to get the next question.
    /// </summary>
    public DialogTurn Reply(DialogState state, string text, DateTimeOffset sentAt, int? explicitQuestion, DialogContext context)
    {
        var target = TargetOf(state, sentAt, explicitQuestion, context);
        var result = Prompts[target].Recognize(text);
        var unread = result.Succeeded
            ? []
            : new DialogAction[] { new DialogNote($"{result.Error} — I kept your reply; give the value as `q{target + 1}: {Prompts[target].Example}`.") };
        var answered = Answered(state with { Skipped = [.. state.Skipped.Where(q => q != target)] }, target, context);
        return answered with { Question = target, Answer = result, Actions = [.. unread, .. answered.Actions] };
    }

    /// <summary>Question <paramref name="question"/> now has an answer: if it is the one the thread is on, the waterfall moves on.</summary>
    public DialogTurn Answered(DialogState state, int question, DialogContext context) =>
        state.Status == DialogStatus.Active && question == state.Index
            ? MoveAfter(state, question, context, afterAnswer: true)
            : new DialogTurn(state, question, null, []);

    /// <summary>Skips the current question. A button names the question it was shown with; a stale press is refused.</summary>
    public DialogTurn Skip(DialogState state, int? question, DialogContext context)
    {
        if (state.Status != DialogStatus.Active)
            return Note(state, "This step is finished — reply `q3: …` to add to question 3.");
        if (question is { } q && q != state.Index)
            return Note(state, $"Question {q + 1} was already answered or skipped; the thread is on question {state.Index + 1}.");
        var skipped = state with { Skipped = [.. state.Skipped.Where(i => i != state.Index), state.Index] };
        return MoveAfter(skipped, state.Index, context, afterAnswer: false);
    }

    /// <summary>Asks an earlier question again (it lost its answer); answering it brings the thread back to where it was.</summary>
    public DialogTurn AskAgain(DialogState state, int question) =>
        state.Status == DialogStatus.Active && question >= 0 && question < Prompts.Count
            ? AskAt(state with { Index = question }, question, error: null)
            : new DialogTurn(state, null, null, []);

    /// <summary>Re-asks the previous question.</summary>
    public DialogTurn Back(DialogState state)
    {
        if (state.Status != DialogStatus.Active)
            return Note(state, "This step is finished — reply `q3: …` to add to question 3.");
        if (state.Index == 0)
            return AskAt(state, 0, "This is the first question of the step.");
        return AskAt(state with { Index = state.Index - 1 }, state.Index - 1, error: null);
    }

    /// <summary>Finishes the step now; questions without answers become open items.</summary>
    public DialogTurn Finish(DialogState state) =>
        state.Status == DialogStatus.Completed
            ? Note(state, "This step is already finished.")
            : Complete(state);

    /// <summary>The question of the latest ask posted at or before <paramref name="sentAt"/>; null when none is posted yet.</summary>
    public static int? QuestionAskedBefore(DialogState state, DateTimeOffset sentAt, DialogContext context)
    {
        int? question = null;
        DateTimeOffset latest = DateTimeOffset.MinValue;
        foreach (var ask in state.Asks)
        {
            if (context.PostedAt(ask.MessageKey) is { } postedAt && postedAt <= sentAt && postedAt >= latest)
            {
                latest = postedAt;
                question = ask.Question;
            }
        }
        return question;
    }

    // Next question after `from` that has neither an answer nor a skip; none left completes the dialog.
    // Next question after `from` that has neither an answer nor a skip; none left completes the dialog. After an answer
    // the next question waits out the settle pause; a skip is one member steering, so it goes on at once.
    private DialogTurn MoveAfter(DialogState state, int from, DialogContext context, bool afterAnswer)
    {
        for (var next = from + 1; next < Prompts.Count; next++)
        {
            if (!context.IsAnswered(next) && !state.Skipped.Contains(next))
                return AskAt(state with { Index = next }, next, error: null, afterAnswer ? context.SettleUntil : null);
        }
        return Complete(state);
    }

    private DialogTurn AskAt(DialogState state, int question, string? error, DateTimeOffset? notBefore = null)
    {
        var key = $"{Id}:ask{state.Asks.Count + 1}";
        var asked = state with { Index = question, Asks = [.. state.Asks, new Ask(question, key) { NotBefore = notBefore }] };
        return new DialogTurn(asked, null, null, [new AskQuestion(question, key, error) { NotBefore = notBefore }]);
    }

    private DialogTurn Complete(DialogState state) =>
        new(state with { Status = DialogStatus.Completed, Index = Prompts.Count }, null, null, [new DialogCompleted()]);

    private static DialogTurn Note(DialogState state, string text) => new(state, null, null, [new DialogNote(text)]);
}
