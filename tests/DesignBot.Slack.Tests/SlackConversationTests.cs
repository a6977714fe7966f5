using System.Net;
using DesignBot.Slack.Tests.Fakes;

namespace DesignBot.Slack.Tests;

/// <summary>What members do in Slack threads, through the real host in memory and the fake Web API.</summary>
public sealed class SlackConversationTests : FakeSlackWithHost
{
    private static async Task<(string Root, FakeSlackMessage Q1)> StartAsync(SlackTeam team, string title)
    {
        await team.CommandAsync("alice", $"start {title}");
        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Step 1/6") is { } root && SlackTeam.LastBotIn(m, root.Ts)?.Text.Contains("Q1/10", StringComparison.Ordinal) == true, "Q1");
        var root = SlackTeam.TopLevel(messages, "Step 1/6")!.Ts;
        return (root, SlackTeam.LastBotIn(messages, root)!);
    }

    [Fact]
    public async Task A_mention_starts_a_review_like_the_slash_command()
    {
        var team = Host.Team();
        var ts = Slack.NextTs();
        var response = await team.EventAsync(SlackPayloads.Mention(team.Channel, "UBOB", $"<@{FakeSlack.BotUserId}> start Mentioned design", ts));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Design review: Mentioned design") is not null, "the review card");
        Assert.Contains("bob", SlackTeam.TopLevel(messages, "Design review: Mentioned design")!.BlockText);
    }

    [Fact]
    public async Task The_skip_button_skips_the_question()
    {
        var team = Host.Team();
        var (root, q1) = await StartAsync(team, "Buttons");
        Assert.Equal(HttpStatusCode.OK, (await team.PressAsync("bob", q1, "Skip")).StatusCode);
        await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q2/10", StringComparison.Ordinal) == true, "Q2 after Skip");
    }

    [Fact]
    public async Task Edits_and_deletions_of_a_reply_update_the_stored_answer()
    {
        var team = Host.Team();
        var (root, _) = await StartAsync(team, "Edits");
        var ts = await team.ReplyAsync("bob", "first draft", root);
        await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q2/10", StringComparison.Ordinal) == true, "Q2");

        await team.EventAsync(SlackPayloads.Edit(team.Channel, "UBOB", "final &amp; answer", ts, root, "first draft", Slack.NextTs()));
        var file = await AskUntilAsync(() => team.CommandAsync("alice", "export"), () => Slack.Files, f => f.Content.Contains("final \\& answer", StringComparison.Ordinal), "the export with the edit");
        Assert.DoesNotContain("first draft", file.Content);

        await team.EventAsync(SlackPayloads.Deletion(team.Channel, "UBOB", ts, root, Slack.NextTs()));
        await AskUntilAsync(() => team.CommandAsync("alice", "status"), () => Slack.Ephemerals.Where(m => m.Text.Contains("▶ Scope", StringComparison.Ordinal)).ToList(),
            m => m.Text.Contains("▶ Scope 0/10", StringComparison.Ordinal), "progress back to 0/10 after the deletion");
    }

    [Fact]
    public async Task Export_adr_uploads_the_decision_records_as_a_file_into_the_review_cards_thread()
    {
        var team = Host.Team();
        await team.CommandAsync("alice", "start Ledger --parallel");
        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Step 6/6") is { } root && SlackTeam.LastBotIn(m, root.Ts) is not null, "the detailed design's thread");
        var detailed = SlackTeam.TopLevel(messages, "Step 6/6")!.Ts;
        var card = SlackTeam.TopLevel(messages, "Design review: Ledger")!.Ts;
        await team.ReplyAsync("bob", "q13: Postgres over DynamoDB because we need transactions", detailed);

        var file = await AskUntilAsync(() => team.CommandAsync("carol", "export adr"), () => Slack.Files, f => f.Content.Contains("## ADR 1: Postgres", StringComparison.Ordinal), "the decision records");
        Assert.Equal("ledger-decisions.md", file.Title);
        Assert.Equal(card, file.ThreadTs);
        Assert.StartsWith("# Architecture decision records: Ledger", file.Content, StringComparison.Ordinal);
        Assert.Contains("Chosen option: \"Postgres\", because we need transactions.", file.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_reply_lands_on_the_question_its_author_saw()
    {
        var team = Host.Team();
        var (root, _) = await StartAsync(team, "Late");
        // Carol starts typing while Q1 is the question; Alice's answer arrives first and moves the thread on.
        var alice = Slack.AddMemberMessage(team.Channel, "UALICE", "alice on q1", root);
        var carol = Slack.AddMemberMessage(team.Channel, "UCAROL", "carol also on q1", root);
        await team.ReplyAsync("alice", alice.Text, root, alice.Ts);
        var messages = await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q2/10", StringComparison.Ordinal) == true, "Q2");
        var q2 = SlackTeam.LastBotIn(messages, root)!;
        Assert.True(string.CompareOrdinal(carol.Ts, q2.Ts) < 0);

        await team.ReplyAsync("carol", carol.Text, root, carol.Ts);
        await team.ReplyAsync("bob", "bob on q2", root);
        await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q3/10", StringComparison.Ordinal) == true, "Q3");

        await team.CommandAsync("alice", "export");
        var document = (await WaitAsync(() => Slack.Files.FirstOrDefault(), "the export")).Content;
        var q2Prompt = q2.Text[(q2.Text.IndexOf("Q2/10: ", StringComparison.Ordinal) + 7)..];
        var q2At = document.IndexOf(q2Prompt, StringComparison.Ordinal);
        Assert.True(q2At > 0, "the document names Q2");
        Assert.InRange(document.IndexOf("carol also on q1", StringComparison.Ordinal), 1, q2At);
        Assert.True(document.IndexOf("bob on q2", StringComparison.Ordinal) > q2At);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_and_posts_once()
    {
        var team = Host.Team();
        Slack.RateLimit("chat.postMessage", retryAfterSeconds: 2);
        await StartAsync(team, "Throttled");

        var posts = Slack.CallsTo("chat.postMessage").ToList();
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {(posts[1].At - posts[0].At).TotalSeconds:0.00} s");
        Assert.Single(Slack.Messages, m => m.Text.StartsWith("Design review: Throttled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_channel_the_bot_is_not_in_gets_an_invite_hint_for_the_user()
    {
        var team = Host.Team();
        Slack.FailWith("chat.postMessage", "not_in_channel", times: 5);
        await team.CommandAsync("alice", "start Outside");

        var hook = await WaitAsync(() => Slack.Hooks.FirstOrDefault(h => h.Id == "alice").Body, "the hint");
        Assert.Contains("/invite @DesignBot", hook);
        Assert.Contains("ephemeral", hook);
        Assert.Empty(Slack.Messages);
    }

    /// <summary>
    /// A member's event in a step thread and a command in the channel are decided in different conversations, so the
    /// command may be decided first: ask again until the answer shows the event (the n-th answer belongs to the n-th ask).
    /// </summary>
    private static async Task<T> AskUntilAsync<T>(Func<Task> ask, Func<IReadOnlyList<T>> answers, Func<T, bool> shows, string what) where T : class
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await ask();
            var answer = await WaitAsync(() => answers() is { } all && all.Count >= attempt ? all[attempt - 1] : null, what);
            if (shows(answer))
                return answer;
        }
        throw new TimeoutException($"Asked ten times for {what}.");
    }

    private static async Task<T> WaitAsync<T>(Func<T?> find, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } found)
                return found;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Waited for {what}.");
    }
}
