using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Sizing;

/// <summary>
/// `use bob's` / `pin q5` / `unpin q5` in the sizing thread: the review's owner picks the answer the estimate uses for a
/// question, whatever is answered later. Returns the pins to keep (the same list when nothing changed) and the reply.
/// </summary>
public static class SizingPins
{
    public static (IReadOnlyList<SizingPin> Pins, string Reply) Apply(
        StepTemplate step, ReviewState state, IReadOnlyList<Answer> answers, UserRef user, ThreadInput input, int? currentQuestion)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        var unchanged = state.Pins;
        var example = input.Member is { } named ? $"`use {named}'s`" : $"`pin q{input.ExplicitQuestion ?? 1}`";
        if (!step.IsSizing)
            return (unchanged, "Pinning picks the value the estimate uses, so it works in the sizing thread.");
        if (user.Id != state.Owner.Id)
            return (unchanged, $"Only {state.Owner.Display}, who owns this review, can pin a value; {state.Owner.Display}, {example} picks the one the estimate uses.");

        var stepAnswers = answers.Where(a => a.StepId == step.Id && a.Kind == AnswerKind.Answer).OrderBy(a => a.SentAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var byMember = input.Member is { } member
            ? stepAnswers.Where(a => string.Equals(a.Author.Name, member, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.Author.Id, member, StringComparison.OrdinalIgnoreCase)).ToList()
            : stepAnswers;
        if (input.Member is not null && byMember.Count == 0)
            return (unchanged, $"{input.Member} has no answer in this step to pin.");

        var question = input.ExplicitQuestion is { } n ? n - 1
            : currentQuestion is { } current && byMember.Any(a => a.QuestionIndex == current) ? current
            : byMember.Count > 0 ? byMember[^1].QuestionIndex
            : -1;
        if (question < 0 || question >= step.Questions.Count)
            return (unchanged, $"This step has questions 1 to {step.Questions.Count}: `pin q1` … `pin q{step.Questions.Count}`, or `use bob's for q5`.");
        var questionId = step.Questions[question].Id;
        var number = question + 1;

        if (input.Word == ThreadWord.Unpin)
        {
            return state.Pins.Any(p => p.StepId == step.Id && p.QuestionId == questionId)
                ? ([.. state.Pins.Where(p => !(p.StepId == step.Id && p.QuestionId == questionId))], $"Unpinned Q{number}: the estimate uses the latest answer again.")
                : (unchanged, $"Q{number} has no pinned value.");
        }

        var pinned = byMember.LastOrDefault(a => a.QuestionIndex == question);
        if (pinned is null)
            return (unchanged, input.Member is null ? $"Q{number} has no answer to pin yet." : $"{input.Member} has no answer to Q{number} to pin.");
        var pins = state.Pins.Where(p => !(p.StepId == step.Id && p.QuestionId == questionId))
            .Append(new SizingPin(step.Id, questionId, pinned.Id, user.Display)).ToList();
        var text = Text.TextLimit.Shorten(string.Join(' ', pinned.Text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)), 80);
        return (pins, $"Pinned {pinned.Author.Display}'s answer to Q{number} (\"{text}\"): the estimate uses it, whatever is answered later. `unpin q{number}` lets the latest answer win again.");
    }
}
