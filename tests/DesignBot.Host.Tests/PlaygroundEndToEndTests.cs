using DesignBot.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DesignBot.Core.Events;
using DesignBot.Core.Storage;
using DesignBot.Pipeline;
using DesignBot.Playground;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Host.Tests;

public sealed class PlaygroundEndToEndTests : IDisposable
{
    private readonly HostFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Three_users_run_a_full_review_to_the_summary_card_then_read_the_page_and_markdown()
    {
        var client = _factory.Playground();
        await client.SendAsync("alice", "/design start URL shortener");
        var typed = await ReviewScript.AnswerAllAsync(client);

        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Design summary: URL shortener", StringComparison.Ordinal)), "the summary card");
        var summary = messages.Single(x => x.IsBot && x.Text.StartsWith("Design summary", StringComparison.Ordinal));
        Assert.Contains("alice, bob, carol", summary.CardText);
        Assert.Contains("Peak write QPS", summary.CardText);
        Assert.Contains("694 writes/s", summary.CardText);

        // The review card was updated in place: all six steps done.
        var card = messages.First(x => x.IsBot && x.Text.StartsWith("Design review: URL shortener", StringComparison.Ordinal));
        Assert.Contains("✓ Scope 10/10 · ✓ API 3/3", card.Text);

        var links = summary.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "links").GetProperty("links");
        var pageUrl = new Uri(links[0].GetProperty("url").GetString()!).PathAndQuery;
        var mdUrl = new Uri(links[1].GetProperty("url").GetString()!).PathAndQuery;

        var page = await client.Http.GetStringAsync(pageUrl);
        var markdown = await client.Http.GetStringAsync(mdUrl);
        // The Markdown escapes members' markup, so it is read rendered, as wherever it is pasted.
        var markdownRead = Markdig.Markdown.ToPlainText(markdown);
        foreach (var (author, text) in typed)
        {
            Assert.Contains(WebUtility.HtmlEncode(text), page);
            Assert.Contains(text, markdownRead);
            Assert.Contains(author, page);
        }
        Assert.DoesNotContain("<b>answer</b>", markdown);
        Assert.Contains("> \\<b\\>answer\\</b\\> 0 \\& more", markdown);
        // What users typed is escaped on the page, never markup.
        Assert.DoesNotContain("<b>answer</b>", page);
        Assert.Contains("&lt;b&gt;answer&lt;/b&gt;", page);
        Assert.Contains("<table>", page); // the sizing table

        // Unsigned or forged links are not found.
        var reviewPath = pageUrl.Split('?')[0];
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(reviewPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(reviewPath + "?sig=AAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/reviews/nope.md?sig=" + pageUrl.Split("sig=")[1])).StatusCode);
    }

    [Fact]
    public async Task Edits_and_deletions_in_a_thread_update_the_stored_answer()
    {
        var client = _factory.Playground();
        var root = await StartAsync(client, "Chat");

        var reply = await client.SendAsync("bob", "first draft", root);
        await client.WaitForAsync(m => PlaygroundClient.LastBotIn(m, root)!.Text.Contains("Q2/10", StringComparison.Ordinal), "Q2");
        // The review card, the one live view, counts the answer.
        await client.WaitForAsync(m => ReviewCard(m).Text.Contains("▶ Scope 1/10", StringComparison.Ordinal), "progress at 1/10 after the reply");

        var forbidden = await client.Http.PatchAsJsonAsync($"/playground/api/messages/{reply.Id}", new { user = "carol", text = "hijack" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var edit = await client.Http.PatchAsJsonAsync($"/playground/api/messages/{reply.Id}", new { user = "bob", text = "final answer" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        // The edit is decided in the step's thread and the export in the channel, in either order: ask until it shows.
        var exported = await client.AskUntilAsync("alice", "/design export", x => x.IsBot && x.Text.StartsWith("Design document: Chat", StringComparison.Ordinal),
            x => x.CardText.Contains("> final answer", StringComparison.Ordinal), "the export with the edited answer");
        Assert.Contains("> final answer", exported.CardText);
        Assert.DoesNotContain("> first draft", exported.CardText);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("carol", reply.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("bob", reply.Id)).StatusCode);
        // The review card is back to 0/10.
        await client.WaitForAsync(m => ReviewCard(m).Text.Contains("▶ Scope 0/10", StringComparison.Ordinal), "progress back to 0/10 after the deletion");
        Assert.DoesNotContain(await client.MessagesAsync(), m => m.Id == reply.Id);
    }

    [Fact]
    public async Task With_two_reviews_status_asks_the_asker_which_and_the_answer_leaves_no_public_copy()
    {
        var client = _factory.Playground();
        await client.SendAsync("alice", "/design start Payments");
        await client.SendAsync("carol", "/design start Search service");
        await client.WaitForAsync(m => m.Count(x => x.IsBot && x.Text.StartsWith("Design review:", StringComparison.Ordinal)) == 2, "both review cards");

        await client.SendAsync("bob", "/design status");
        var asked = (await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.StartsWith("Which review?", StringComparison.Ordinal)), "which review", viewer: "bob"))
            .Single(x => x.IsBot && x.Text.StartsWith("Which review?", StringComparison.Ordinal));
        Assert.Equal("bob", asked.VisibleTo);
        var payments = asked.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "buttons").GetProperty("buttons")
            .EnumerateArray().Single(b => b.GetProperty("text").GetString()!.StartsWith("Payments", StringComparison.Ordinal));
        var press = new { messageId = asked.Id, actionId = payments.GetProperty("actionId").GetString(), value = payments.GetProperty("value").GetString() };

        // Only bob has that message: carol cannot press it.
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.PostAsJsonAsync("/playground/api/actions", new { user = "carol", press.messageId, press.actionId, press.value })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.Http.PostAsJsonAsync("/playground/api/actions", new { user = "bob", press.messageId, press.actionId, press.value })).StatusCode);

        var bobs = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.StartsWith("Payments (in progress)", StringComparison.Ordinal)), "the status of Payments", viewer: "bob");
        Assert.Equal("bob", bobs.Single(x => x.IsBot && x.Text.StartsWith("Payments (in progress)", StringComparison.Ordinal)).VisibleTo);
        var everyone = await client.MessagesAsync();
        Assert.DoesNotContain(everyone, x => x.IsBot && (x.Text.StartsWith("Payments (in progress)", StringComparison.Ordinal) || x.Text.StartsWith("Which review?", StringComparison.Ordinal)));
        Assert.Equal(2, everyone.Count(x => x.IsBot && x.Text.StartsWith("Design review:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Buttons_skip_the_question()
    {
        var client = _factory.Playground();
        await client.SendAsync("alice", "/design start Chat");
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/10: ", StringComparison.Ordinal)), "Q1");
        var q1 = messages.Single(x => x.IsBot && x.Text.Contains("Q1/10: ", StringComparison.Ordinal));
        var skip = q1.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "buttons").GetProperty("buttons")[0];

        var response = await client.Http.PostAsJsonAsync("/playground/api/actions", new { user = "bob", messageId = q1.Id, actionId = skip.GetProperty("actionId").GetString(), value = skip.GetProperty("value").GetString() });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForAsync(m => PlaygroundClient.LastBotIn(m, q1.ThreadId!)!.Text.Contains("Q2/10", StringComparison.Ordinal), "Q2 after Skip");
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_status_and_reason()
    {
        var http = _factory.CreateClient();

        var malformed = await http.PostAsync("/playground/api/messages", new StringContent("{\"user\":\"alice\",", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Malformed JSON", await malformed.Content.ReadAsStringAsync());

        var missing = await http.PostAsJsonAsync("/playground/api/messages", new { user = "alice" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("\"text\" is required", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var huge = await http.PostAsync("/playground/api/messages", new StringContent(JsonSerializer.Serialize(new { user = "alice", text = new string('x', 1_100_000) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("larger than 1024 KB", await huge.Content.ReadAsStringAsync());

        var unknownThread = await http.PostAsJsonAsync("/playground/api/messages", new { user = "alice", text = "hi", threadId = "pm999999" });
        Assert.Equal(HttpStatusCode.NotFound, unknownThread.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PatchAsJsonAsync("/playground/api/messages/pm999999", new { user = "a", text = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await new PlaygroundClient(http).DeleteAsync("a", "nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/playground/api/actions", new { user = "a", messageId = "pm999999", actionId = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_long_answer_is_stored_whole_and_shortened_only_in_cards()
    {
        var client = _factory.Playground();
        var root = await StartAsync(client, "Long");
        var longAnswer = string.Concat(Enumerable.Repeat("Because of scale. ", 300)) + "THE-END";
        Assert.True(longAnswer.Length > 4_000);
        await client.SendAsync("bob", longAnswer, root);
        // The summary command runs in the channel, independently of the thread: wait until the answer is in.
        await client.WaitForAsync(m => PlaygroundClient.LastBotIn(m, root)!.Text.Contains("Q2/10", StringComparison.Ordinal), "Q2 after the long answer");
        await client.SendAsync("alice", "/design summary");

        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.StartsWith("Design summary", StringComparison.Ordinal)), "summary");
        var summary = messages.Last(x => x.IsBot && x.Text.StartsWith("Design summary", StringComparison.Ordinal));
        Assert.DoesNotContain("THE-END", summary.CardText);
        Assert.Contains("shortened", summary.CardText);

        var links = summary.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "links").GetProperty("links");
        var markdown = await client.Http.GetStringAsync(new Uri(links[1].GetProperty("url").GetString()!).PathAndQuery);
        Assert.Contains(longAnswer, markdown);
    }

    [Fact]
    public async Task A_duplicate_event_id_is_acknowledged_and_processed_once()
    {
        var client = _factory.Playground();
        var intake = _factory.Services.GetRequiredService<EventIntake>();
        var start = new CommandEvent("slack-Ev123", new ChannelRef("playground", "general"), new UserRef("alice", "alice"), DateTimeOffset.UtcNow, "start Once");
        Assert.True((await intake.AcceptAsync(start)).Accepted);
        Assert.False((await intake.AcceptAsync(start)).Accepted);
        Assert.False((await intake.AcceptAsync(start with { Text = "start Twice" })).Accepted);

        await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.StartsWith("Design review: Once", StringComparison.Ordinal)), "the review card");
        await client.SendAsync("alice", "/design list");
        // The list answers alice alone.
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("in this channel", StringComparison.Ordinal)), "the list", viewer: "alice");
        Assert.Equal("alice", messages.Single(x => x.IsBot && x.Text.Contains("in this channel", StringComparison.Ordinal)).VisibleTo);
        Assert.DoesNotContain(await client.MessagesAsync(), x => x.IsBot && x.Text.Contains("in this channel", StringComparison.Ordinal));
        Assert.Single(messages, x => x.IsBot && x.Text.StartsWith("Design review: Once", StringComparison.Ordinal));
        var store = _factory.Services.GetRequiredService<IReviewStore>();
        Assert.Single(await store.ListReviewsAsync(new ChannelRef("playground", "general")));
    }

    /// <summary>Starts a review and waits for its first question; returns the thread of step 1.</summary>
    [Fact]
    public async Task With_a_settle_pause_a_second_answer_sent_right_after_the_first_lands_on_the_same_question()
    {
        // 30 s: far longer than the two sends take, so the next question cannot be out before carol's answer.
        using var factory = new HostFactory(new Dictionary<string, string?> { ["DesignBot:SettleSeconds"] = "30" });
        var client = factory.Playground();
        var root = await StartAsync(client, "Settle");
        await client.SendAsync("alice", "Families share photos", root);
        await client.SendAsync("carol", "And grandparents view them", root);

        var store = factory.Services.GetRequiredService<IReviewStore>();
        var review = (await store.ListReviewsAsync(PlaygroundMapper.Channel)).Single();
        await client.WaitForAsync(_ => store.GetReviewAsync(review.Id).GetAwaiter().GetResult()!.Answers.Count == 2, "both answers stored");
        var snapshot = (await store.GetReviewAsync(review.Id))!;
        Assert.Equal([0, 0], snapshot.Answers.Select(a => a.QuestionIndex));
        // Q1 shows where alice's answer landed at once (the mark does not wait for the paused question); Q2 is still
        // waiting out the pause. Messages of later turns queue behind it, so carol's mark comes with Q2.
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.CardText.Contains("✓ alice", StringComparison.Ordinal)), "the landing mark on Q1");
        Assert.DoesNotContain(messages, x => x.IsBot && x.Text.Contains("Q2/10", StringComparison.Ordinal));
    }

    private static PgMessage ReviewCard(List<PgMessage> messages) =>
        messages.Single(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Design review: ", StringComparison.Ordinal));

    private static async Task<string> StartAsync(PlaygroundClient client, string title)
    {
        await client.SendAsync("alice", $"/design start {title}");
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/10: ", StringComparison.Ordinal)), "Q1");
        return messages.Single(x => x.IsBot && x.Text.StartsWith("Step 1/6", StringComparison.Ordinal)).Id;
    }

    [Fact]
    public async Task Messages_queued_before_the_host_started_are_sent_when_it_starts()
    {
        // A message left in the outbox by an earlier run (say, one that crashed before sending it).
        Directory.CreateDirectory(_factory.DataDir);
        var store = new DesignBot.Storage.Sqlite.SqliteReviewStore(new() { Path = Path.Combine(_factory.DataDir, "designbot.db") });
        await store.InitializeAsync();
        var leftover = new DesignBot.Core.Messages.OutboundMessage("evt:left-over", PlaygroundApi.Channel, DesignBot.Core.Messages.ReviewMessages.Text("Left over from the last run"));
        await store.CommitAsync(new TurnCommit(DesignBot.Core.Reviews.Decision.ChannelOnly([leftover]), null, null));
        store.Dispose();

        var client = _factory.Playground();
        await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text == "Left over from the last run"), "the left-over message");
    }

    [Fact]
    public async Task Health_checks_storage_and_the_page_is_served()
    {
        var http = _factory.CreateClient();
        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var page = await http.GetStringAsync("/");
        Assert.Contains("channel-input", page);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/app.js")).StatusCode);
    }
}
