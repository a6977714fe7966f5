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

    /// <summary>Answers proper (discussion is kept but answers nothing): what counts for progress, open items and summaries.</summary>
    public int AnswerCount => Answers.Count(a => a.IsAnswer);

    /// <summary>Every kept reply under the question, discussion included, oldest first.</summary>
    public IReadOnlyList<Answer> AnswersTo(string stepId, int question) =>
        [.. Answers.Where(a => a.StepId == stepId && a.QuestionIndex == question).OrderBy(a => a.SentAt)];

    /// <summary>The answers proper to the question (no discussion), oldest first.</summary>
    public IReadOnlyList<Answer> KeyAnswersTo(string stepId, int question) =>
        [.. AnswersTo(stepId, question).Where(a => a.IsAnswer)];

    public bool IsAnswered(string stepId, int question) =>
        Answers.Any(a => a.IsAnswer && a.StepId == stepId && a.QuestionIndex == question);

    public int AnsweredQuestions(string stepId) =>
        Answers.Where(a => a.IsAnswer && a.StepId == stepId).Select(a => a.QuestionIndex).Distinct().Count();

    public bool IsFinished(string stepId) => State.Session(stepId).Dialog.Status == DialogStatus.Completed;

    /// <summary>Each step's progress. A review no longer active has no step in progress: a cancelled review's open steps stopped.</summary>
    public IReadOnlyList<ProgressItem> Progress() =>
        [.. Template.Steps.Select(step =>
        {
            var status = State.Session(step.Id).Dialog.Status;
            var progressState = status switch
            {
                DialogStatus.Completed => ProgressState.Done,
                DialogStatus.Active when State.Status == ReviewStatus.Active => ProgressState.Active,
                _ => ProgressState.NotStarted,
            };
            return new ProgressItem(step.ShortTitle, AnsweredQuestions(step.Id), step.Questions.Count, progressState);
        })];

    /// <summary>Owner first, then everyone who replied (answers and discussion), in order of their first reply.</summary>
    public IReadOnlyList<string> Participants() =>
        [.. new[] { State.Owner.Name }.Concat(Answers.OrderBy(a => a.SentAt).Select(a => a.Author.Name)).Distinct()];

    /// <summary>
    /// Questions a finished step left without an answer, skipped or unanswered — but not those whose template states a
    /// default (`default:` in the template, e.g. replication 3): leaving them out means taking the default. Questions of
    /// steps not finished are not open items yet (see <see cref="NotReached"/>).
    /// </summary>
    public IReadOnlyList<string> OpenItems()
    {
        var items = new List<string>();
        // A review closed early lists every step's open questions: nothing more is coming.
        foreach (var step in Template.Steps.Where(s => IsFinished(s.Id) || State.ClosedEarly))
        {
            var skipped = State.Session(step.Id).Dialog.Skipped;
            var reached = State.Session(step.Id).Dialog.Status != DialogStatus.NotStarted;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                if (IsAnswered(step.Id, i) || step.Questions[i].Default is not null)
                    continue;
                var why = skipped.Contains(i) ? "skipped" : reached ? "unanswered" : "not reached";
                items.Add($"{step.ShortTitle} Q{i + 1}: {step.Questions[i].Prompt} ({why})");
            }
        }
        return items;
    }

    /// <summary>Questions without an answer in steps not finished yet: not open items, just not reached yet.</summary>
    public int NotReached() => State.ClosedEarly ? 0 :
        Template.Steps.Where(s => !IsFinished(s.Id)).Sum(s => Enumerable.Range(0, s.Questions.Count).Count(i => !IsAnswered(s.Id, i)));

    /// <summary>The steps whose waterfall is running now (one in sequential mode, any number in parallel mode).</summary>
    public IReadOnlyList<StepTemplate> ActiveSteps() =>
        [.. Template.Steps.Where(s => State.Session(s.Id).Dialog.Status == DialogStatus.Active)];

    public SizingEstimate Sizing() => SizingEstimator.Estimate(SizingInputsFrom());

    /// <summary>The sizing step's answers as estimator inputs (see <see cref="SizingInputs.From"/>).</summary>
    public SizingInputs SizingInputsFrom() => SizingInputs.From(Template, Answers, State);
}
