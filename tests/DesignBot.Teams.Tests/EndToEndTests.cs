using System.Net;
using System.Text.Json.Nodes;
using DesignBot.Core.Templates;
using DesignBot.Testing;

namespace DesignBot.Teams.Tests;

/// <summary>
/// The host with Teams configured, driven through POST /api/messages with signed activities, posting to the fake Bot
/// Connector: what a team in a channel sees. Each test uses a channel of its own.
/// </summary>
public sealed class EndToEndTests(TeamsHost teams) : IClassFixture<TeamsHost>
{
    private FakeBotFramework Fake => teams.Fake;

    private static string NewChannel() => $"19:{Guid.NewGuid():N}@thread.tacv2";

    private static string Thread(string channel, string root) => $"{channel};messageid={root}";

    [Fact]
    public async Task Three_members_run_a_whole_review_in_a_channel_threads_replies_card_updates_and_the_summary_card()
    {
        var channel = NewChannel();
        var activities = new Activities(Fake.ServiceUrl, channel);
        Assert.Equal(HttpStatusCode.OK, (await teams.SendAsync(activities.Command("alice", "start URL shortener", Fake.NextId()))).StatusCode);

        var template = TemplateLoader.Default;
        var turn = 0;
        for (var s = 0; s < template.Steps.Count; s++)
        {
            var step = template.Steps[s];
            var calls = await Fake.WaitForAsync(c => StepRoot(c, channel, s + 1) is not null, $"step {s + 1}'s thread");
            var root = StepRoot(calls, channel, s + 1)!.AnsweredId!;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                var marker = $"Q{i + 1}/{step.Questions.Count}";
                await Fake.WaitForAsync(c => LastIn(c, Thread(channel, root))?.CardText.Contains(marker, StringComparison.Ordinal) == true, $"{step.Id} {marker}");
                var author = TestAnswers.Members[turn % 3];
                var reply = await teams.SendAsync(activities.Reply(author, TestAnswers.For(step.Questions[i], turn++), Fake.NextId(), root));
                Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            }
        }

        await Fake.WaitForAsync(c => c.Any(x => x.Method == "POST" && x.Conversation == channel && x.FallbackText.StartsWith("Design summary: URL shortener", StringComparison.Ordinal)), "the summary card");
        // The card's last update is queued after the summary.
        var all = await Fake.WaitForAsync(c => c.Any(x => x.Method == "PUT" && x.Conversation.StartsWith(channel, StringComparison.Ordinal) && x.CardText.Contains("the summary is in the channel", StringComparison.Ordinal)), "the completed review card");
        var mine = all.Where(c => c.Conversation.StartsWith(channel, StringComparison.Ordinal) && c.Status < 300).ToList();

        // The channel: the review card, one new thread per step, the summary card; nothing else at the top level.
        var posts = mine.Where(c => c.Method == "POST" && c.Conversation == channel).ToList();
        Assert.StartsWith("Design review: URL shortener", posts[0].FallbackText, StringComparison.Ordinal);
        Assert.Equal([.. Enumerable.Range(1, 6).Select(n => $"Step {n}/6")], posts.Skip(1).Take(6).Select(p => p.FallbackText[..8]));
        Assert.StartsWith("Design summary", posts[^1].FallbackText, StringComparison.Ordinal);
        Assert.Equal(8, posts.Count);

        // Each step's questions were asked in its own thread, one after another.
        for (var s = 0; s < template.Steps.Count; s++)
        {
            var step = template.Steps[s];
            var replies = mine.Where(c => c.Method == "POST" && c.Conversation == Thread(channel, posts[s + 1].AnsweredId!)).Select(c => c.CardText).ToList();
            for (var i = 0; i < step.Questions.Count; i++)
                Assert.Contains(replies, r => r.Contains($"Q{i + 1}/{step.Questions.Count}", StringComparison.Ordinal));
        }

        // The review card was updated in place as steps advanced, to the end.
        var card = posts[0];
        var updates = mine.Where(c => c.Method == "PUT" && c.ActivityId == card.AnsweredId).ToList();
        Assert.True(updates.Count >= 6, $"{updates.Count} card updates");
        Assert.All(updates, u => Assert.Equal(Thread(channel, card.AnsweredId!), u.Conversation));
        Assert.Contains("(done)", updates[^1].CardText, StringComparison.Ordinal);
        Assert.Contains("✓ Detailed", updates[^1].CardText, StringComparison.Ordinal);

        var summary = posts[^1].CardText;
        Assert.Contains("alice, bob, carol", summary, StringComparison.Ordinal);
        Assert.Contains("694 writes/s", summary, StringComparison.Ordinal);
        Assert.Contains(posts[^1].Card["actions"]!.AsArray(), a => a!["type"]!.GetValue<string>() == "Action.OpenUrl");

        // Every activity was one Adaptive Card and no text, and every card passes the official parser.
        Assert.All(mine, c => Assert.Null(c.Activity["text"]));
        Assert.All(mine, c => Assert.Single(c.Activity["attachments"]!.AsArray()));
        var problems = await CardParser.ProblemsAsync([.. mine.Select(c => c.Card)]);
        Assert.True(problems is null or "[]", $"the Adaptive Cards parser objects: {problems}");
    }

    [Fact]
    public async Task A_late_reply_lands_on_the_question_its_author_saw()
    {
        var channel = NewChannel();
        var activities = new Activities(Fake.ServiceUrl, channel);
        await teams.SendAsync(activities.Command("alice", "start Chat", Fake.NextId()));
        var root = (await WaitStepAsync(channel, 1)).AnsweredId!;
        var thread = Thread(channel, root);
        var q1 = LastIn(await Fake.WaitForAsync(c => LastIn(c, thread)?.CardText.Contains("Q1/", StringComparison.Ordinal) == true, "Q1"), thread)!;

        await teams.SendAsync(activities.Reply("alice", "alice on Q1", Fake.NextId(), root));
        var q2 = LastIn(await Fake.WaitForAsync(c => LastIn(c, thread)?.CardText.Contains("Q2/", StringComparison.Ordinal) == true, "Q2"), thread)!;
        // bob sent his reply before Q2 appeared; it arrives after.
        var sentBeforeQ2 = long.Parse(q2.AnsweredId!, System.Globalization.CultureInfo.InvariantCulture) - 1;
        await teams.SendAsync(activities.Reply("bob", "bob on Q1 too", sentBeforeQ2, root));
        // It waits in the thread until Q2's post is recorded, and the export is decided in the channel: before asking for
        // it, wait until Q1's landing mark names bob (the reply is stored with that update).
        await Fake.WaitForAsync(c => c.Any(x => x.Method == "PUT" && x.Status < 300 && x.ActivityId == q1.AnsweredId && x.CardText.Contains("bob", StringComparison.Ordinal)), "Q1's landing mark naming bob");

        await teams.SendAsync(activities.Command("carol", "export", Fake.NextId()));
        var export = (await Fake.WaitForAsync(c => c.Any(x => x.Conversation.StartsWith(channel, StringComparison.Ordinal) && x.FallbackText.StartsWith("Design document", StringComparison.Ordinal)), "the export"))
            .Last(x => x.Conversation.StartsWith(channel, StringComparison.Ordinal) && x.FallbackText.StartsWith("Design document", StringComparison.Ordinal));
        var markdownUrl = export.Card["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Markdown")!["url"]!.GetValue<string>();
        var markdown = await teams.Http.GetStringAsync(new Uri(markdownUrl).PathAndQuery);

        // Q1 is in its section of the document and in the transcript appendix: both times with both answers.
        var q1Sections = markdown.Split("\n### ").Where(section => section.Contains("alice on Q1", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, q1Sections.Count);
        Assert.All(q1Sections, section => Assert.Contains("bob on Q1 too", section, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_execute_on_a_question_card_is_answered_in_the_response_and_moves_the_waterfall()
    {
        var channel = NewChannel();
        var activities = new Activities(Fake.ServiceUrl, channel);
        await teams.SendAsync(activities.Command("alice", "start Buttons", Fake.NextId()));
        var root = (await WaitStepAsync(channel, 1)).AnsweredId!;
        var thread = Thread(channel, root);
        var q1 = LastIn(await Fake.WaitForAsync(c => LastIn(c, thread)?.CardText.Contains("Q1/", StringComparison.Ordinal) == true, "Q1"), thread)!;
        var skip = (JsonObject)q1.Card["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Skip")!;
        Assert.Equal("Action.Execute", skip["type"]!.GetValue<string>());

        var response = await teams.SendAsync(activities.Execute("bob", skip, q1.AnsweredId!, root));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["value"]!.GetValue<string>()));
        await Fake.WaitForAsync(c => LastIn(c, thread)?.CardText.Contains("Q2/", StringComparison.Ordinal) == true, "Q2 after Skip");
    }

    [Fact]
    public async Task A_question_refused_with_429_then_412_then_413_still_lands_after_retry_after_backoff_and_shortening()
    {
        var channel = NewChannel();
        var activities = new Activities(Fake.ServiceUrl, channel);
        await teams.SendAsync(activities.Command("alice", "start Failures", Fake.NextId()));
        var root = (await WaitStepAsync(channel, 1)).AnsweredId!;
        var thread = Thread(channel, root);
        await Fake.WaitForAsync(c => LastIn(c, thread)?.CardText.Contains("Q1/", StringComparison.Ordinal) == true, "Q1");

        Fake.FailNext(429, TimeSpan.FromSeconds(1));
        Fake.FailNext(412);
        Fake.FailNext(413);
        await teams.SendAsync(activities.Reply("bob", "an answer", Fake.NextId(), root));

        var calls = await Fake.WaitForAsync(c => LastIn(c, thread)?.CardText.Contains("Q2/", StringComparison.Ordinal) == true, "Q2 after the failures");
        var attempts = calls.Where(c => c.Conversation == thread && c.Method == "POST").SkipWhile(c => !c.CardText.Contains("Q1/", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Equal([429, 412, 413, 201], attempts.Select(a => a.Status));
        Assert.True(attempts[3].Bytes <= attempts[2].Bytes, "the post after the 413 is no larger");
        Assert.Single(attempts, a => a.Status == 201);
    }

    [Fact]
    public async Task The_bot_added_to_a_team_posts_a_welcome_that_says_how_to_start()
    {
        var channel = NewChannel();
        Assert.Equal(HttpStatusCode.OK, (await teams.SendAsync(new Activities(Fake.ServiceUrl, channel).BotAdded("alice"))).StatusCode);

        var welcome = (await Fake.WaitForAsync(c => c.Any(x => x.Conversation == channel), "the welcome")).First(x => x.Conversation == channel);
        Assert.Contains("@DesignBot start <title>", welcome.CardText, StringComparison.Ordinal);
        Assert.DoesNotContain("/design", welcome.CardText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_activity_changes_nothing()
    {
        var channel = NewChannel();
        var command = new Activities(Fake.ServiceUrl, channel).Command("alice", "start Once", Fake.NextId());
        Assert.Equal(HttpStatusCode.OK, (await teams.SendAsync(command)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.SendAsync(command)).StatusCode);
        await WaitStepAsync(channel, 1);
        // A marker after the retry: once its answer is out, the retry would have been too.
        await teams.SendAsync(new Activities(Fake.ServiceUrl, channel).Command("alice", "list", Fake.NextId()));
        var calls = await Fake.WaitForAsync(c => c.Any(x => x.Conversation == channel && x.CardText.Contains("Once", StringComparison.Ordinal) && x.FallbackText.Contains("review", StringComparison.OrdinalIgnoreCase) && !x.FallbackText.StartsWith("Design review", StringComparison.Ordinal)), "the list");
        Assert.Single(calls, c => c.Conversation == channel && c.FallbackText.StartsWith("Design review: Once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_that_fail_authentication_are_refused_with_401_and_nothing_is_processed()
    {
        var channel = NewChannel();
        var activities = new Activities(Fake.ServiceUrl, channel);
        var command = activities.Command("mallory", "start Forged", Fake.NextId());

        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(command.ToJsonString(), System.Text.Encoding.UTF8, "application/json") })
            Assert.Equal(HttpStatusCode.Unauthorized, (await teams.Http.SendAsync(unsigned)).StatusCode);
        // Signed for another service URL: the activity cannot send the bot's posts elsewhere.
        Assert.Equal(HttpStatusCode.Unauthorized, (await teams.SendAsync(command, Fake.Token("https://attacker.example/amer/"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await teams.SendAsync(command, Fake.Token(Fake.ServiceUrl, audience: "another-bot"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await teams.SendAsync(command, Fake.Token(Fake.ServiceUrl, key: FakeBotFramework.NewKey("key-1")))).StatusCode);
        var webchat = (JsonObject)command.DeepClone();
        webchat["channelId"] = "webchat";
        Assert.Equal(HttpStatusCode.Unauthorized, (await teams.SendAsync(webchat)).StatusCode);

        // The same activity, signed properly, is the first that does anything.
        Assert.Equal(HttpStatusCode.OK, (await teams.SendAsync(command)).StatusCode);
        await WaitStepAsync(channel, 1);
        Assert.Single(Fake.Calls, c => c.Conversation == channel && c.FallbackText.StartsWith("Design review: Forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_whether_or_not_it_says_its_length()
    {
        var channel = NewChannel();
        var command = new Activities(Fake.ServiceUrl, channel).Command("alice", "start " + new string('x', TeamsEndpoint.MaxBodyBytes), Fake.NextId());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await teams.SendAsync(command)).StatusCode);

        // Sent in chunks, with no Content-Length: cut off at the limit all the same.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(command.ToJsonString()))) };
        request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Fake.Token(Fake.ServiceUrl));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await teams.Http.SendAsync(request)).StatusCode);

        await teams.SendAsync(new Activities(Fake.ServiceUrl, channel).Command("alice", "start Small", Fake.NextId()));
        await WaitStepAsync(channel, 1);
        Assert.DoesNotContain(Fake.Calls, c => c.Conversation == channel && c.FallbackText.Contains("xxxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thousands_of_malformed_and_random_bodies_get_no_5xx_and_nothing_is_processed()
    {
        var channel = NewChannel();
        var activities = new Activities(Fake.ServiceUrl, channel);
        var token = Fake.Token(Fake.ServiceUrl);
        var random = new Random(1234);
        var valid = activities.Command("fuzz", "start Fuzz", 1_700_000_000_000).ToJsonString();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var sent = 0;
        foreach (var body in FuzzBodies(valid, random).Take(3000))
        {
            // Only bodies that are no event: mutations that still read as a command would rightly be processed.
            var parsed = Inbound.Activity.Parse(body);
            if (parsed is not null && Inbound.TeamsMapper.Map(parsed).Event is not null)
                continue;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var response = await teams.Http.SendAsync(request);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)])}");
            sent++;
        }
        Assert.True(sent > 2000, $"{sent} bodies sent");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 500, string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}")));

        // A real command afterwards is answered, and it is the only thing the fuzz channel ever got.
        await teams.SendAsync(activities.Command("alice", "start After fuzz", Fake.NextId()));
        await WaitStepAsync(channel, 1);
        var posts = Fake.Calls.Where(c => c.Conversation.StartsWith(channel, StringComparison.Ordinal)).ToList();
        Assert.All(posts, p => Assert.DoesNotContain("Fuzz", p.FallbackText, StringComparison.Ordinal));
        Assert.Single(posts, c => c.FallbackText.StartsWith("Design review: After fuzz", StringComparison.Ordinal));
    }

    private static IEnumerable<byte[]> FuzzBodies(string valid, Random random)
    {
        string[] fixedOnes = ["", "null", "[]", "{}", "\"message\"", "{\"type\":null}", "{\"type\":\"message\"}", "{\"type\":[]}", "{", "}{", "{\"type\":\"message\",\"conversation\":{\"id\":5}}",
            "{\"type\":\"message\",\"from\":\"x\",\"conversation\":[],\"serviceUrl\":{}}", new string('[', 5000), "{\"type\":\"invoke\",\"name\":\"adaptiveCard/action\",\"value\":\"x\"}"];
        foreach (var body in fixedOnes)
            yield return System.Text.Encoding.UTF8.GetBytes(body);
        var bytes = System.Text.Encoding.UTF8.GetBytes(valid);
        while (true)
        {
            switch (random.Next(4))
            {
                case 0:
                    // Truncated.
                    yield return bytes[..random.Next(bytes.Length)];
                    break;
                case 1:
                {
                    // Bytes flipped.
                    var copy = (byte[])bytes.Clone();
                    for (var i = 0; i < 1 + random.Next(8); i++)
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    yield return copy;
                    break;
                }
                case 2:
                {
                    // Random bytes.
                    var noise = new byte[random.Next(1, 2000)];
                    random.NextBytes(noise);
                    yield return noise;
                    break;
                }
                default:
                {
                    // A field replaced by a value of another type, or removed.
                    var node = JsonNode.Parse(valid)!.AsObject();
                    var names = node.Select(p => p.Key).ToList();
                    var name = names[random.Next(names.Count)];
                    JsonNode?[] replacements = [null, 5, "x", new JsonArray(), new JsonObject(), true];
                    if (random.Next(2) == 0)
                        node.Remove(name);
                    else
                        node[name] = replacements[random.Next(replacements.Length)]?.DeepClone();
                    yield return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
                    break;
                }
            }
        }
    }

    private Task<ConnectorCall> WaitStepAsync(string channel, int step) =>
        Fake.WaitForAsync(c => StepRoot(c, channel, step) is not null, $"step {step}'s thread").ContinueWith(t => StepRoot(t.Result, channel, step)!, TaskScheduler.Default);

    private static ConnectorCall? StepRoot(IReadOnlyList<ConnectorCall> calls, string channel, int step) =>
        calls.LastOrDefault(c => c.Method == "POST" && c.Status < 300 && c.Conversation == channel && c.FallbackText.StartsWith($"Step {step}/6", StringComparison.Ordinal));

    private static ConnectorCall? LastIn(IReadOnlyList<ConnectorCall> calls, string thread) =>
        calls.LastOrDefault(c => c.Method == "POST" && c.Status < 300 && c.Conversation == thread);
}
