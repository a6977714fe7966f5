namespace DesignBot.Core.Dialogs;

public enum DialogStatus { NotStarted, Active, Completed }

/// <summary>One time a question was put to the thread; the message key finds its platform timestamp once posted.</summary>
public sealed record Ask(int Question, string MessageKey);

/// <summary>
/// The whole state of a waterfall: where it stands, every ask so far, and what was skipped.
/// Small, immutable and JSON-serializable; answers live beside it, not in it.
/// </summary>
public sealed record DialogState(int Index, DialogStatus Status, IReadOnlyList<Ask> Asks, IReadOnlyList<int> Skipped)
{
    public static DialogState New { get; } = new(0, DialogStatus.NotStarted, [], []);
}

/// <summary>What the dialog needs to know of the world: when its messages were posted, and which questions have answers.</summary>
public sealed record DialogContext(Func<string, DateTimeOffset?> PostedAt, Func<int, bool> IsAnswered);

/// <summary>Something the caller must show: a question (or re-prompt), a note, or that the dialog completed.</summary>
public abstract record DialogAction;
public sealed record AskQuestion(int Question, string MessageKey, string? Error) : DialogAction;
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
    /// A reply answers the question named explicitly (q3: …), else the question last asked before
    /// the reply was sent: a late reply lands on the question its author saw.
    /// </summary>
    public DialogTurn Reply(DialogState state, string text, DateTimeOffset sentAt, int? explicitQuestion, DialogContext context)
    {
        var target = explicitQuestion ?? QuestionAskedBefore(state, sentAt, context) ?? Math.Min(state.Index, Prompts.Count - 1);
        var result = Prompts[target].Recognize(text);
        var isCurrent = state.Status == DialogStatus.Active && target == state.Index;
        if (!result.Succeeded)
        {
            return isCurrent
                ? AskAt(state, target, result.Error) with { Question = target, Answer = result }
                : new DialogTurn(state, target, result, [new DialogNote($"{result.Error} (for question {target + 1}: reply `q{target + 1}: …`)")]);
        }

        var answered = state with { Skipped = [.. state.Skipped.Where(q => q != target)] };
        if (!isCurrent)
            return new DialogTurn(answered, target, result, []);
        return MoveAfter(answered, target, context) with { Question = target, Answer = result };
    }

    /// <summary>Skips the current question. A button names the question it was shown with; a stale press is refused.</summary>
    public DialogTurn Skip(DialogState state, int? question, DialogContext context)
    {
        if (state.Status != DialogStatus.Active)
            return Note(state, "This step is finished — reply `q3: …` to add to question 3.");
        if (question is { } q && q != state.Index)
            return Note(state, $"Question {q + 1} was already answered or skipped; the thread is on question {state.Index + 1}.");
        var skipped = state with { Skipped = [.. state.Skipped.Where(i => i != state.Index), state.Index] };
        return MoveAfter(skipped, state.Index, context);
    }

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
    private DialogTurn MoveAfter(DialogState state, int from, DialogContext context)
    {
        for (var next = from + 1; next < Prompts.Count; next++)
        {
            if (!context.IsAnswered(next) && !state.Skipped.Contains(next))
                return AskAt(state with { Index = next }, next, error: null);
        }
        return Complete(state);
    }

    private DialogTurn AskAt(DialogState state, int question, string? error)
    {
        var key = $"{Id}:ask{state.Asks.Count + 1}";
        var asked = state with { Index = question, Asks = [.. state.Asks, new Ask(question, key)] };
        return new DialogTurn(asked, null, null, [new AskQuestion(question, key, error)]);
    }

    private DialogTurn Complete(DialogState state) =>
        new(state with { Status = DialogStatus.Completed, Index = Prompts.Count }, null, null, [new DialogCompleted()]);

    private static DialogTurn Note(DialogState state, string text) => new(state, null, null, [new DialogNote(text)]);
}
