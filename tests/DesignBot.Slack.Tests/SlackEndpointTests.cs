using System.Net;
using System.Text;
using DesignBot.Slack.Tests.Fakes;

namespace DesignBot.Slack.Tests;

public sealed class SlackEndpointTests : FakeSlackWithHost
{
    [Fact]
    public async Task Url_verification_is_answered_with_the_challenge()
    {
        var http = Host.CreateClient();
        var response = await http.SendAsync(SlackPayloads.Signed("/slack/events", """{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", SlackTeam.Json(response).GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task A_slash_command_gets_an_ephemeral_line_at_once_then_the_review_card_and_step_thread_follow()
    {
        var team = Host.Team();
        var response = await team.CommandAsync("alice", "start URL shortener");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = SlackTeam.Json(response);
        Assert.Equal("ephemeral", ack.GetProperty("response_type").GetString());
        Assert.Contains("Starting review", ack.GetProperty("text").GetString());

        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Step 1/6") is { } root && SlackTeam.LastBotIn(m, root.Ts)?.Text.Contains("Q1/10", StringComparison.Ordinal) == true, "step 1's first question");
        var card = SlackTeam.TopLevel(messages, "Design review: URL shortener")!;
        Assert.Contains("Design review: URL shortener", card.BlockText);
        Assert.NotNull(card.MetadataKey);
        // Every post carries its outbox key, each its own.
        var keys = messages.Where(m => m.BotId is not null).Select(m => m.MetadataKey).ToList();
        Assert.All(keys, Assert.NotNull);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task Requests_not_signed_by_slack_are_refused_and_change_nothing()
    {
        var http = Host.CreateClient();
        var body = SlackPayloads.Command(SlackTeam.DefaultChannel, "UALICE", "start Forged", "forged-1");
        var bytes = Encoding.UTF8.GetBytes(body);
        var now = DateTimeOffset.UtcNow;

        var wrongSecret = SlackPayloads.Signed("/slack/commands", body, secret: "not-the-secret");
        var stale = SlackPayloads.Signed("/slack/commands", body, at: now.AddMinutes(-6));
        var tampered = SlackPayloads.Signed("/slack/commands", body);
        tampered.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Replace("Forged", "Forgeo", StringComparison.Ordinal)));
        tampered.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new ByteArrayContent(bytes) };
        var eventsUnsigned = new HttpRequestMessage(HttpMethod.Post, "/slack/events") { Content = new StringContent("""{"type":"url_verification","challenge":"x"}""", Encoding.UTF8, "application/json") };

        foreach (var request in new[] { wrongSecret, stale, tampered, unsigned, eventsUnsigned })
        {
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("not signed by Slack", await response.Content.ReadAsStringAsync());
        }

        // A signed command afterwards sees no review: none of the refused ones was processed.
        var team = Host.Team();
        await team.CommandAsync("bob", "list");
        var listed = await WaitForEphemeralAsync(e => e.User == "UBOB", "the list for bob");
        Assert.Contains("No design reviews in this channel yet", listed.Text);
        Assert.DoesNotContain(Slack.Messages, m => m.Text.Contains("Forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bodies_that_are_too_large_or_not_what_slack_sends_get_a_reason()
    {
        var http = Host.CreateClient();

        var huge = await http.SendAsync(SlackPayloads.Signed("/slack/events", "{\"type\":\"x\",\"pad\":\"" + new string('x', 1_100_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var malformed = await http.SendAsync(SlackPayloads.Signed("/slack/events", "{\"type\":"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Malformed JSON", await malformed.Content.ReadAsStringAsync());

        var noEventId = await http.SendAsync(SlackPayloads.Signed("/slack/events", """{"type":"event_callback","event":{"type":"message"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noEventId.StatusCode);
        Assert.Contains("event_id", await noEventId.Content.ReadAsStringAsync());

        var noPayload = await http.SendAsync(SlackPayloads.Signed("/slack/interactions", "a=b"));
        Assert.Equal(HttpStatusCode.BadRequest, noPayload.StatusCode);
        Assert.Contains("payload", await noPayload.Content.ReadAsStringAsync());

        var commandAsJson = await http.SendAsync(SlackPayloads.Signed("/slack/commands", "{\"text\":\"start\"}", "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, commandAsJson.StatusCode);

        var commandWithoutChannel = await http.SendAsync(SlackPayloads.Signed("/slack/commands", "command=%2Fdesign&text=help&user_id=U1&trigger_id=t"));
        Assert.Equal(HttpStatusCode.BadRequest, commandWithoutChannel.StatusCode);
        Assert.Contains("channel_id", await commandWithoutChannel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Retries_and_repeated_event_ids_are_acknowledged_and_change_nothing()
    {
        var team = Host.Team();
        await team.CommandAsync("alice", "start Retries");
        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Step 1/6") is { } root && SlackTeam.LastBotIn(m, root.Ts)?.Text.Contains("Q1/10", StringComparison.Ordinal) == true, "Q1");
        var root = SlackTeam.TopLevel(messages, "Step 1/6")!.Ts;

        var ts = Slack.AddMemberMessage(team.Channel, "UBOB", "first answer", root).Ts;
        var reply = SlackPayloads.Message(team.Channel, "UBOB", "first answer", ts, root);
        Assert.Equal(HttpStatusCode.OK, (await team.EventAsync(reply, "EvRETRY1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await team.EventAsync(reply, "EvRETRY1", retryNum: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await team.EventAsync(reply, "EvRETRY1", retryNum: 2)).StatusCode);

        messages = await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q2/10", StringComparison.Ordinal) == true, "Q2");
        // Then a real second answer moves to Q3: had a retry counted as an answer, Q3 would have come without it.
        Assert.DoesNotContain(messages, m => m.ThreadTs == root && m.Text.Contains("Q3/10", StringComparison.Ordinal));
        await team.ReplyAsync("carol", "second answer", root);
        messages = await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q3/10", StringComparison.Ordinal) == true, "Q3");
        Assert.Single(messages, m => m.ThreadTs == root && m.Text.Contains("Q2/10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thousands_of_malformed_and_random_bodies_get_no_5xx_and_nothing_is_processed()
    {
        var http = Host.CreateClient();
        var random = new Random(12);
        string[] paths = ["/slack/events", "/slack/commands", "/slack/interactions"];
        string[] shapes =
        [
            "{", "[]", "null", "{\"type\":\"event_callback\"}", "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\",\"channel\":5}}",
            "payload=", "payload=%7B", "payload=%7B%22type%22%3A%22block_actions%22%7D", "payload=%5B%5D", "command=%2Fdesign", "text=start+x&channel_id=C1",
            "\u0000\u0001", "%%%", "a=%ZZ", "{\"type\":\"url_verification\",\"challenge\":7}",
            "{\"type\":\"event_callback\",\"event_id\":\"Ev2\",\"event\":{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"C1\",\"message\":[]}}",
            "{\"type\":\"event_callback\",\"event_id\":\"Ev3\",\"event\":{\"type\":\"app_mention\",\"channel\":\"C1\",\"ts\":\"x\",\"user\":\"U1\",\"text\":\"<@UBOT0001> start\"}}",
        ];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3_000; i++)
        {
            var path = paths[i % paths.Length];
            string body;
            if (i % 3 == 0)
                body = shapes[random.Next(shapes.Length)];
            else
            {
                var bytes = new byte[random.Next(0, 400)];
                random.NextBytes(bytes);
                body = i % 2 == 0 ? Encoding.Latin1.GetString(bytes) : Convert.ToBase64String(bytes);
            }
            // Most are signed (they reach the parser), some are not (they stop at the signature).
            var request = i % 7 == 0
                ? new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) }
                : SlackPayloads.Signed(path, body);
            var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses, s => Assert.True((int)s < 500, $"answered {(int)s}"));
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);

        var team = Host.Team();
        await team.CommandAsync("bob", "list");
        var listed = await WaitForEphemeralAsync(e => e.User == "UBOB", "the list for bob");
        Assert.Contains("No design reviews in this channel yet", listed.Text);
        Assert.Empty(Slack.CallsTo("chat.postMessage"));
    }

    private async Task<FakeSlackMessage> WaitForEphemeralAsync(Func<FakeSlackMessage, bool> which, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Slack.Ephemerals.FirstOrDefault(which) is { } found)
                return found;
            await Task.Delay(25);
        }
        throw new TimeoutException($"No ephemeral message: {what}");
    }
}
