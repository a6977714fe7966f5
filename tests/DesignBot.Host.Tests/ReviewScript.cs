using DesignBot.Core.Templates;

namespace DesignBot.Host.Tests;

/// <summary>Runs a whole review through the playground API: three members answer every question of every step in turn.</summary>
public static class ReviewScript
{
    public static readonly string[] Members = ["alice", "bob", "carol"];

    public static string AnswerFor(StepTemplate step, QuestionTemplate q, int turn) => (step.Id, q.Id) switch
    {
        ("sizing", "dau") => "10M",
        ("sizing", "writes-per-user") => "2",
        ("sizing", "read-write-ratio") => "100:1",
        ("sizing", "text-size") => "2 KB",
        ("sizing", "media-size") => "200 KB",
        ("sizing", "media-share") => "10%",
        ("sizing", "retention") => "3 years",
        ("sizing", "peak-factor") => "3x",
        ("sizing", "replication") => "3",
        _ when q.Kind == QuestionKind.Choice => q.Choices[turn % q.Choices.Count],
        _ when q.Kind == QuestionKind.Confirm => "yes",
        _ => $"<b>{step.Id}</b> answer {turn} & more",
    };

    /// <summary>Answers every question; returns (author, text) of each reply.</summary>
    public static async Task<List<(string Author, string Text)>> AnswerAllAsync(PlaygroundClient client, Func<int, string>? textOverride = null)
    {
        var typed = new List<(string, string)>();
        var template = TemplateLoader.Default;
        var turn = 0;
        for (var s = 0; s < template.Steps.Count; s++)
        {
            var step = template.Steps[s];
            var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith($"Step {s + 1}/6", StringComparison.Ordinal)), $"step {s + 1} to open");
            var root = messages.Last(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith($"Step {s + 1}/6", StringComparison.Ordinal)).Id;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                var marker = $"Q{i + 1}/{step.Questions.Count}: ";
                await client.WaitForAsync(m => PlaygroundClient.LastBotIn(m, root)?.Text.Contains(marker, StringComparison.Ordinal) == true, $"{step.Id} {marker}");
                var author = Members[turn % 3];
                var text = textOverride?.Invoke(turn) ?? AnswerFor(step, step.Questions[i], turn);
                turn++;
                await client.SendAsync(author, text, root);
                typed.Add((author, text));
            }
        }
        return typed;
    }
}
