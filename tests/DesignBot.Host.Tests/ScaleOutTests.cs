using DesignBot.Testing;
using System.Collections.Concurrent;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Storage.AzureTables;

namespace DesignBot.Host.Tests;

/// <summary>
/// Two host processes on one Azure Table Storage (Azurite), sharing one playground channel as they would share a
/// Slack workspace: 50 concurrent reviews, replies spread over both hosts, two members answering the same question
/// at once. Nothing may be lost or doubled, also when one host dies with kill -9 in the middle.
/// </summary>
public sealed class ScaleOutTests : IDisposable
{
    private const int Reviews = 50;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-scale", Guid.NewGuid().ToString("N"));
    private readonly string _prefix = "scale" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public Task Two_hosts_store_every_reply_once_post_every_question_once_and_finish_every_review() => RunAsync(killOneHost: false);

    [Fact]
    public Task The_same_holds_when_one_host_is_killed_mid_run() => RunAsync(killOneHost: true);

    private async Task RunAsync(bool killOneHost)
    {
        var connection = Environment.GetEnvironmentVariable("DESIGNBOT_AZURITE");
        Assert.False(string.IsNullOrEmpty(connection), "DESIGNBOT_AZURITE is not set: run the tests with `bash scripts/test`, which starts Azurite.");

        var shared = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:AzureTables:ConnectionString"] = connection!,
            ["Storage:AzureTables:TablePrefix"] = _prefix,
            ["Playground:Path"] = Path.Combine(_dir, "playground.db"), // one chat platform for both hosts
        };
        await using var hostA = await HostProcess.StartAsync(Path.Combine(_dir, "a"), new Dictionary<string, string>(shared) { ["DesignBot:InstanceId"] = "host-a" });
        var hostB = await HostProcess.StartAsync(Path.Combine(_dir, "b"), new Dictionary<string, string>(shared) { ["DesignBot:InstanceId"] = "host-b" });
        try
        {
            var a = new PlaygroundClient(hostA.CreateClient());
            var b = new PlaygroundClient(hostB.CreateClient());
            PlaygroundClient Host(int i) => i % 2 == 0 || hostB is null ? a : b;

            // 50 reviews, all six step threads open at once, started through both hosts.
            await Task.WhenAll(Enumerable.Range(0, Reviews).Select(i => Host(i).SendAsync("lead", $"/design start Scale {i} --parallel")));
            var opened = await a.WaitForAsync(m => m.Count(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)) == Reviews * 6, "every step's first question", 180);
            var threads = opened.Where(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)).Select(x => x.ThreadId!).ToList();

            // Two members answer each first question at the same moment, one through each host.
            var sent = new ConcurrentBag<(string Thread, string MessageId, string Text)>();
            var half = threads.Count / 2;
            for (var t = 0; t < threads.Count; t++)
            {
                if (killOneHost && t == half && hostB is not null)
                {
                    hostB.KillHard(); // mid-run: host B may hold accepted events and leased messages
                    await hostB.DisposeAsync();
                    hostB = null;
                }
                var thread = threads[t];
                await Task.WhenAll(
                    Reply(a, "alice", $"{1000 + t}"),
                    Reply(hostB is null ? a : b, "bob", $"{5000 + t}"));

                async Task Reply(PlaygroundClient client, string user, string text)
                {
                    var message = await client.SendAsync(user, text, thread);
                    sent.Add((thread, message.Id, text));
                }
            }
            // Then everyone finishes their step, through either host.
            await Task.WhenAll(threads.Select((thread, t) => Host(t).SendAsync("carol", "done", thread)));

            var final = await a.WaitForAsync(m => m.Count(x => x.IsBot && x.Text.StartsWith("Design summary: Scale", StringComparison.Ordinal)) >= Reviews, "every review's summary", 240);

            // Every question was posted exactly once, and every review has exactly one summary.
            foreach (var thread in threads)
            {
                var bot = final.Where(x => x.IsBot && x.ThreadId == thread).ToList();
                Assert.Single(bot, x => x.Text.Contains("Q1/", StringComparison.Ordinal));
                Assert.True(bot.Count(x => x.Text.Contains("Q2/", StringComparison.Ordinal)) <= 1, $"Q2 posted twice in {thread}");
            }
            for (var i = 0; i < Reviews; i++)
                Assert.Single(final, x => x.IsBot && x.Text.StartsWith($"Design summary: Scale {i} ", StringComparison.Ordinal));

            // Every reply is stored exactly once, on the question last asked before it was sent.
            var store = new AzureTablesReviewStore(new AzureTablesStoreOptions { ConnectionString = connection!, TablePrefix = _prefix });
            var q1Messages = final.Where(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)).ToList();
            var reviewOfThread = q1Messages.ToDictionary(x => x.ThreadId!, x => ReviewOf(x));
            var answersById = new Dictionary<string, Answer>();
            foreach (var reviewId in reviewOfThread.Values.Distinct())
            {
                var snapshot = (await store.GetReviewAsync(reviewId))!;
                Assert.Equal(ReviewStatus.Completed, snapshot.State.Status);
                foreach (var answer in snapshot.Answers)
                    Assert.True(answersById.TryAdd(answer.Id, answer), $"answer {answer.Id} stored twice");
            }
            Assert.Equal(sent.Count, answersById.Count);
            foreach (var (thread, messageId, text) in sent)
            {
                var answer = answersById[messageId];
                Assert.Equal(text, answer.Text);
                var q2 = final.FirstOrDefault(x => x.IsBot && x.ThreadId == thread && x.Text.Contains("Q2/", StringComparison.Ordinal));
                var expected = q2 is not null && DateTimeOffset.Parse(q2.Ts, System.Globalization.CultureInfo.InvariantCulture) <= answer.SentAt ? 1 : 0;
                Assert.Equal(expected, answer.QuestionIndex);
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException || !ex.Message.Contains("--- host A", StringComparison.Ordinal))
        {
            // What the hosts logged is what explains a failure here: attach the end of it.
            static string Tail(string output) => output.Length <= 4_000 ? output : output[^4_000..];
            throw new Xunit.Sdk.XunitException($"{ex.Message}\n--- host A\n{Tail(hostA.Output)}\n--- host B\n{(hostB is null ? "(killed)" : Tail(hostB.Output))}", ex);
        }
        finally
        {
            if (hostB is not null)
                await hostB.DisposeAsync();
        }
    }

    // The review a question belongs to, from the value its buttons carry.
    private static string ReviewOf(PgMessage question)
    {
        var buttons = question.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "buttons");
        Assert.True(ButtonValues.TryParse(buttons.GetProperty("buttons")[0].GetProperty("value").GetString()!, out var reviewId, out _, out _));
        return reviewId;
    }
}
