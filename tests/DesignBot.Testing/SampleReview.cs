using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Testing;

/// <summary>
/// A review to render, made without a chat: started by the real engine, answered with the answers given (each read by
/// its question's prompt, as the engine would, so sizing answers carry their numbers).
/// </summary>
public static class SampleReview
{
    public static readonly DateTimeOffset StartedAt = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static readonly ReviewLinks Links = new("https://bot.example/reviews/r1?sig=x", "https://bot.example/reviews/r1.md?sig=x");

    public static ReviewView With(string title, IEnumerable<(string StepId, int Question, string Author, string Text)> answers)
    {
        var template = TemplateLoader.Default;
        var engine = new ReviewEngine(new TemplateCatalog([template]), new FixedLinks());
        var start = new CommandEvent("e-start", new ChannelRef("test", "C1"), new UserRef("U-alice", "alice"), StartedAt, $"start {title}");
        var state = engine.Decide(new TurnInput(start, StartedAt) { NewReviewId = "r1" }).NewState!;
        var stored = answers.Select((a, i) =>
        {
            var question = template.Step(a.StepId).Questions[a.Question];
            var read = Prompt.For(question).Recognize(a.Text);
            return new Answer($"u{i}", a.StepId, question.Id, a.Question, new UserRef($"U-{a.Author}", a.Author), read.Text, read.Number, StartedAt.AddMinutes(i + 1), null);
        }).ToList();
        return new ReviewView(template, state, stored);
    }

    /// <summary>Every question of the template answered once, in turn by alice, bob and carol (<see cref="TestAnswers"/>).</summary>
    public static (ReviewView Review, List<(string Author, string Text)> Typed) FullyAnswered(string title)
    {
        var answers = new List<(string, int, string, string)>();
        var turn = 0;
        foreach (var step in TemplateLoader.Default.Steps)
        {
            for (var i = 0; i < step.Questions.Count; i++, turn++)
                answers.Add((step.Id, i, TestAnswers.Members[turn % 3], TestAnswers.For(step.Questions[i], turn)));
        }
        return (With(title, answers), [.. answers.Select(a => (a.Item3, a.Item4))]);
    }

    private sealed class FixedLinks : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => Links;
    }
}
