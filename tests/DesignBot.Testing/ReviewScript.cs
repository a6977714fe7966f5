using DesignBot.Core.Templates;

namespace DesignBot.Testing;

/// <summary>Runs a whole review through the playground API: three members answer every question of every step in turn.</summary>
public static class ReviewScript
{
    /// <summary>Answers every question of the review's template (the built-in system design review unless given); returns (author, text) of each reply.</summary>
    public static async Task<List<(string Author, string Text)>> AnswerAllAsync(PlaygroundClient client, Func<int, string>? textOverride = null, ReviewTemplate? template = null)
    {
        var typed = new List<(string, string)>();
        template ??= TemplateLoader.Default;
        var turn = 0;
        for (var s = 0; s < template.Steps.Count; s++)
        {
            var step = template.Steps[s];
            var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith($"Step {s + 1}/{template.Steps.Count}", StringComparison.Ordinal)), $"step {s + 1} to open");
            var root = messages.Last(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith($"Step {s + 1}/{template.Steps.Count}", StringComparison.Ordinal)).Id;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                var marker = $"Q{i + 1}/{step.Questions.Count}: ";
                await client.WaitForAsync(m => PlaygroundClient.LastBotIn(m, root)?.Text.Contains(marker, StringComparison.Ordinal) == true, $"{step.Id} {marker}");
                var author = TestAnswers.Members[turn % 3];
                var text = textOverride?.Invoke(turn) ?? TestAnswers.For(step.Questions[i], turn);
                turn++;
                await client.SendAsync(author, text, root);
                typed.Add((author, text));
            }
        }
        return typed;
    }
}
