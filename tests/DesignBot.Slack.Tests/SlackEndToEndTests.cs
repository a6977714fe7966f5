using DesignBot.Core.Templates;
using DesignBot.Slack.Tests.Fakes;
using DesignBot.Testing;

namespace DesignBot.Slack.Tests;

/// <summary>The host as its own process on 127.0.0.1, configured for Slack, against the fake Web API: a whole review in Slack.</summary>
public sealed class SlackEndToEndTests() : FakeSlackWithDataDir("designbot-slack-e2e")
{
    private Task<HostProcess> StartHostAsync(Dictionary<string, string>? extra = null)
    {
        var settings = SlackHostFactory.SlackSettings(Slack, DataDir).Where(s => !s.Key.StartsWith("Storage:", StringComparison.Ordinal) && !s.Key.StartsWith("Playground:Path", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value!);
        settings["Playground:Enabled"] = "false";
        settings.Remove("DesignBot:PublicBaseUrl");
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return HostProcess.StartAsync(DataDir, settings);
    }

    [Fact]
    public async Task Three_members_run_a_whole_review_in_slack_threads_to_the_summary_card_and_the_uploaded_document()
    {
        await using var host = await StartHostAsync(new() { ["Logging:LogLevel:Default"] = "Debug" });
        var team = new SlackTeam(host.CreateClient(), Slack);

        var ack = await team.CommandAsync("alice", "start URL shortener");
        Assert.Contains("Starting review", SlackTeam.Json(ack).GetProperty("text").GetString());

        await AnswerAllAsync(team);

        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Design summary: URL shortener") is not null, "the summary card", 60);
        var summary = SlackTeam.TopLevel(messages, "Design summary: URL shortener")!;
        // Names come from users.info, the sizing is computed, and the answers are there as members typed them.
        Assert.Contains("alice, bob, carol", summary.BlockText);
        Assert.Contains("694 writes/s", summary.BlockText);
        Assert.Contains("&lt;b&gt;answer&lt;/b&gt; 0 &amp; more (alice", summary.BlockText);
        Assert.Equal("header", summary.Blocks![0]!["type"]!.GetValue<string>());
        Assert.Matches(@"<http://127\.0\.0\.1:\d+/reviews/[^|>]+\|Design document> · <[^|>]+\.md\?sig=[^|>]+\|Markdown>", summary.BlockText);

        // One thread per step under its opening message in the channel; every question asked once, in its own thread.
        var template = TemplateLoader.Default;
        var roots = messages.Where(m => m.BotId is not null && m.ThreadTs is null && m.Text.StartsWith("Step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(template.Steps.Count, roots.Count);
        for (var s = 0; s < template.Steps.Count; s++)
        {
            var questions = template.Steps[s].Questions.Count;
            for (var q = 1; q <= questions; q++)
                Assert.Single(messages, m => m.ThreadTs == roots[s].Ts && m.BotId is not null && m.Text.Contains($"Q{q}/{questions}: ", StringComparison.Ordinal));
        }
        Assert.All(messages.Where(m => m.BotId is null), m => Assert.Contains(roots, r => r.Ts == m.ThreadTs));

        // The review card was updated in place (chat.update of the first message), up to every step done.
        var card = messages.First(m => m.BotId is not null && m.Text.StartsWith("Design review: URL shortener", StringComparison.Ordinal));
        Assert.Contains("✓ Scope 10/10 · ✓ API 3/3", card.Text);
        Assert.Contains("✓ Scope 10/10", card.BlockText);
        Assert.True(Slack.CallsTo("chat.update").Count(c => c.Fields["ts"]?.GetValue<string>() == card.Ts) >= template.Steps.Count);
        Assert.Single(messages, m => m.BotId is not null && m.Text.StartsWith("Design review: URL shortener", StringComparison.Ordinal));

        // /design export uploads the Markdown document into the review card's thread, through the external upload flow.
        await team.CommandAsync("bob", "export");
        var file = await WaitForFileAsync();
        Assert.EndsWith(".md", file.Title, StringComparison.Ordinal);
        Assert.Contains("# URL shortener", file.Content);
        // Members' words as they typed them (Slack's &amp; &lt; &gt; decoded), escaped as Markdown.
        Assert.Contains("> \\<b\\>answer\\</b\\> 0 \\& more", file.Content);
        Assert.Contains("10M", file.Content);
        Assert.Equal(card.Ts, file.ThreadTs);
        Assert.Single(Slack.CallsTo("files.getUploadURLExternal"));
        Assert.Single(Slack.CallsTo("files.completeUploadExternal"));
        // Logged at debug level, every line of the run: no secret among them.
        Assert.Contains("signed in to team T0001", host.Output);
        Assert.DoesNotContain(FakeSlack.BotToken, host.Output);
        Assert.DoesNotContain(SlackPayloads.SigningSecret, host.Output);
    }

    private async Task<FakeSlackFile> WaitForFileAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Slack.Files.FirstOrDefault() is { } file)
                return file;
            await Task.Delay(50);
        }
        throw new TimeoutException("No file was uploaded.");
    }

    /// <summary>Three members answer every question of every step, in the step's thread, in turn.</summary>
    internal static async Task<List<(string Author, string Text)>> AnswerAllAsync(SlackTeam team)
    {
        var typed = new List<(string, string)>();
        var template = TemplateLoader.Default;
        var turn = 0;
        for (var s = 0; s < template.Steps.Count; s++)
        {
            var step = template.Steps[s];
            var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, $"Step {s + 1}/6") is not null, $"step {s + 1} to open");
            var root = SlackTeam.TopLevel(messages, $"Step {s + 1}/6")!.Ts;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                var marker = $"Q{i + 1}/{step.Questions.Count}: ";
                await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains(marker, StringComparison.Ordinal) == true, $"{step.Id} {marker}");
                var author = TestAnswers.Members[turn % 3];
                var text = TestAnswers.For(step.Questions[i], turn);
                turn++;
                await team.ReplyAsync(author, text, root);
                typed.Add((author, text));
            }
        }
        return typed;
    }
}

/// <summary>A crash between a post and its record: the restarted host finds the post by its metadata key and posts nothing twice.</summary>
public sealed class SlackCrashTests() : FakeSlackWithDataDir("designbot-slack-crash")
{
    private Task<HostProcess> StartHostAsync()
    {
        var settings = SlackHostFactory.SlackSettings(Slack, DataDir).Where(s => !s.Key.StartsWith("Storage:", StringComparison.Ordinal) && !s.Key.StartsWith("Playground:Path", StringComparison.Ordinal) && s.Key != "DesignBot:PublicBaseUrl")
            .ToDictionary(s => s.Key, s => s.Value!);
        settings["Playground:Enabled"] = "false";
        return HostProcess.StartAsync(DataDir, settings);
    }

    [Fact]
    public async Task After_kill_9_between_a_post_and_its_record_the_thread_has_no_duplicate()
    {
        string root;
        await using (var first = await StartHostAsync())
        {
            var team = new SlackTeam(first.CreateClient(), Slack);
            await team.CommandAsync("alice", "start Crash");
            var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Step 1/6") is { } r && SlackTeam.LastBotIn(m, r.Ts)?.Text.Contains("Q1/10", StringComparison.Ordinal) == true, "Q1");
            root = SlackTeam.TopLevel(messages, "Step 1/6")!.Ts;

            // Q2 lands in Slack, but the host never hears back: it dies before it can record where Q2 went.
            Slack.HangAfter("chat.postMessage", f => f["text"]?.GetValue<string>().Contains("Q2/10", StringComparison.Ordinal) == true);
            await team.ReplyAsync("bob", "an answer to q1", root);
            await Slack.HungAfterCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
            first.KillHard();
        }

        await using var second = await StartHostAsync();
        var after = new SlackTeam(second.CreateClient(), Slack);
        // The restarted host moves on from Q2 (found by its key, recorded where it landed): a reply gets Q3.
        await after.ReplyAsync("carol", "an answer to q2", root);
        var final = await after.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q3/10", StringComparison.Ordinal) == true, "Q3 after the restart", 60);
        Assert.Single(final, m => m.ThreadTs == root && m.Text.Contains("Q2/10", StringComparison.Ordinal));
        Assert.Single(final, m => m.ThreadTs == root && m.Text.Contains("Q3/10", StringComparison.Ordinal));
        Assert.Contains(Slack.CallsTo("conversations.replies"), c => c.Fields["ts"]?.GetValue<string>() == root);
    }
}
