using DesignBot.Core.Dialogs;
using DesignBot.Core.Messages;
using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reviews;

/// <summary>A review read together with its template and answers: progress, participants, open items, sizing.</summary>
public sealed class ReviewView(ReviewTemplate template, ReviewState state, IReadOnlyList<Answer> answers)
{
    public ReviewTemplate Template { get; } = template;
    public ReviewState State { get; } = state;
    public IReadOnlyList<Answer> Answers { get; } = answers;
    public int AnswerCount => Answers.Count;

    public IReadOnlyList<Answer> AnswersTo(string stepId, int question) =>
        [.. Answers.Where(a => a.StepId == stepId && a.QuestionIndex == question).OrderBy(a => a.SentAt)];

    public bool IsAnswered(string stepId, int question) =>
        Answers.Any(a => a.StepId == stepId && a.QuestionIndex == question);

    public int AnsweredQuestions(string stepId) =>
        Answers.Where(a => a.StepId == stepId).Select(a => a.QuestionIndex).Distinct().Count();

    public IReadOnlyList<ProgressItem> Progress() =>
        [.. Template.Steps.Select(step =>
        {
            var status = State.Session(step.Id).Dialog.Status;
            var progressState = status switch
            {
                DialogStatus.Completed => ProgressState.Done,
                DialogStatus.Active => ProgressState.Active,
                _ => ProgressState.NotStarted,
            };
            return new ProgressItem(step.ShortTitle, AnsweredQuestions(step.Id), step.Questions.Count, progressState);
        })];

    /// <summary>Owner first, then everyone who answered, in order of their first answer.</summary>
    public IReadOnlyList<string> Participants() =>
        [.. new[] { State.Owner.Name }.Concat(Answers.OrderBy(a => a.SentAt).Select(a => a.Author.Name)).Distinct()];

    /// <summary>Questions without an answer, skipped or not yet reached.</summary>
    public IReadOnlyList<string> OpenItems()
    {
        var items = new List<string>();
        foreach (var step in Template.Steps)
        {
            var skipped = State.Session(step.Id).Dialog.Skipped;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                if (IsAnswered(step.Id, i))
                    continue;
                var why = skipped.Contains(i) ? "skipped" : "unanswered";
                items.Add($"{step.ShortTitle} Q{i + 1}: {step.Questions[i].Prompt} ({why})");
            }
        }
        return items;
    }

    public SizingEstimate Sizing() => SizingEstimator.Estimate(SizingInputsFrom());

    /// <summary>The sizing step's answers as estimator inputs (see <see cref="SizingInputs.From"/>).</summary>
    public SizingInputs SizingInputsFrom() => SizingInputs.From(Template, Answers, State);
}
