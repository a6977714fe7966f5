using DesignBot.Testing;
namespace DesignBot.Host.Tests;

public sealed class CrashRestartTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "designbot-crash", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task After_kill_9_with_work_pending_a_restart_processes_every_accepted_reply_and_posts_every_message_once()
    {
        List<string> roots;
        await using (var first = await HostProcess.StartAsync(_dataDir))
        {
            var client = new PlaygroundClient(first.CreateClient());
            await client.SendAsync("alice", "/design start Crash test --parallel");
            var messages = await client.WaitForAsync(m => m.Count(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)) == 6, "six first questions");
            roots = [.. messages.Where(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Step ", StringComparison.Ordinal)).Select(x => x.Id)];
            Assert.Equal(6, roots.Count);
        }

        // The host that crashes holds its outbox: whatever the replies cause can only reach the channel through recovery.
        var accepted = new List<(string Root, string Text)>();
        await using (var held = await HostProcess.StartAsync(_dataDir, new Dictionary<string, string> { ["DesignBot:HoldOutbox"] = "true" }))
        {
            var client = new PlaygroundClient(held.CreateClient());
            // A burst of replies, one per thread and then an explicit second answer each; kill the moment they are accepted.
            // Numbers, so that they are valid answers in the sizing thread too.
            var sends = roots.SelectMany((root, i) => new[] { (root, $"{1000 + i}"), (root, $"q1: {2000 + i}") }).ToList();
            await Task.WhenAll(sends.Select(async s =>
            {
                await client.SendAsync(TestAnswers.Members[s.Item2.Length % 3], s.Item2, s.root);
                lock (accepted)
                    accepted.Add(s);
            }));
            // Work is pending: every reply is accepted, and none of the questions it causes was posted.
            Assert.DoesNotContain(await client.MessagesAsync(), x => x.IsBot && x.Text.Contains("Q2/", StringComparison.Ordinal));
            Assert.Contains("HoldOutbox is on", held.Output);
            held.KillHard();
        }
        Assert.Equal(12, accepted.Count);

        await using var second = await HostProcess.StartAsync(_dataDir);
        var after = new PlaygroundClient(second.CreateClient());
        // Every thread moves on to its second question: the replies accepted before the crash were processed.
        var final = await after.WaitForAsync(m => roots.All(root => m.Any(x => x.IsBot && x.ThreadId == root && x.Text.Contains("Q2/", StringComparison.Ordinal))), "every thread to reach Q2", 60);

        // Each question appears once per thread, as users see it: no lost and no doubled posts.
        foreach (var root in roots)
        {
            var bot = final.Where(x => x.IsBot && x.ThreadId == root).ToList();
            Assert.Single(bot, x => x.Text.Contains("Q1/", StringComparison.Ordinal));
            Assert.Single(bot, x => x.Text.Contains("Q2/", StringComparison.Ordinal));
        }
        Assert.Single(final, x => x.IsBot && x.Text.StartsWith("Design review: Crash test", StringComparison.Ordinal));

        // Every accepted reply is a stored answer. Q2 shows the aimed `q1:` reply was decided; a plain one queued behind it
        // may still be on its way, and the export is decided in the channel: ask until it shows them all, then check each.
        var quoted = accepted.Select(a => "> " + (a.Text.StartsWith("q1: ", StringComparison.Ordinal) ? a.Text[4..] : a.Text)).ToList();
        var export = (await after.AskUntilAsync("alice", "/design export", x => x.IsBot && x.Text.StartsWith("Design document: Crash test", StringComparison.Ordinal),
            x => quoted.All(q => x.CardText.Contains(q, StringComparison.Ordinal)), "the export with every accepted reply", timeoutSeconds: 30)).CardText;
        foreach (var q in quoted)
            Assert.Contains(q, export);
    }
}
