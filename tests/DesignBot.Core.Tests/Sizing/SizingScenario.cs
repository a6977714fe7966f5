using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>
/// A sizing step answered as members would: each reply read by its question's prompt (as the engine does), a minute
/// apart, then estimated through <see cref="SizingInputs.From"/>. A question id may name another step (`api:design`).
/// </summary>
internal static class SizingScenario
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly UserRef Owner = new("U-alice", "alice");

    public static List<Answer> Answers(params (string Question, string Author, string Text)[] replies)
    {
        var template = TemplateLoader.Default;
        return [.. replies.Select((r, i) =>
        {
            var (stepId, questionId) = r.Question.Contains(':', StringComparison.Ordinal) ? (r.Question.Split(':')[0], r.Question.Split(':')[1]) : ("sizing", r.Question);
            var step = template.Step(stepId);
            var index = step.Questions.ToList().FindIndex(q => q.Id == questionId);
            Assert.True(index >= 0, $"no question {r.Question}");
            var read = Prompt.For(step.Questions[index]).Recognize(r.Text);
            return new Answer($"m{i}", stepId, questionId, index, new UserRef($"U-{r.Author}", r.Author), read.Text, read.Succeeded ? read.Number : null, Start.AddMinutes(i + 1), null)
            {
                Kind = read.Succeeded ? AnswerKind.Answer : AnswerKind.Unread,
                Low = read.Succeeded ? read.Low : null,
            };
        })];
    }

    public static ReviewState State(IReadOnlyList<SizingPin>? pins = null) =>
        new("r1", "system-design", "Sizing", Owner, new ChannelRef("test", "C1"), true, ReviewStatus.Active, Start, null,
            [.. TemplateLoader.Default.Steps.Select(s => new StepSession(s.Id, DialogState.New))], 0)
        { Pins = pins ?? [] };

    public static SizingEstimate Estimate(params (string Question, string Author, string Text)[] replies) =>
        Estimate(Answers(replies));

    public static SizingEstimate Estimate(List<Answer> answers, IReadOnlyList<SizingPin>? pins = null) =>
        SizingEstimator.Estimate(SizingInputs.From(TemplateLoader.Default, answers, State(pins)));

    public static SizingFigure Figure(SizingEstimate estimate, string name) =>
        Assert.Single(estimate.Figures, f => f.Name == name);
}
