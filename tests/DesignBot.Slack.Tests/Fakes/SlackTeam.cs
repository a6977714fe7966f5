using System.Net;
using System.Text.Json;

namespace DesignBot.Slack.Tests.Fakes;

/// <summary>
/// Members of a Slack workspace driving DesignBot as Slack would: each thing they do is kept in the fake workspace, then
/// delivered to the host as a signed request (slash command, Events API event, interaction).
/// </summary>
public sealed class SlackTeam(HttpClient host, FakeSlack slack, string channel = SlackTeam.DefaultChannel)
{
    public const string DefaultChannel = "C0DESIGN";

    public static readonly Dictionary<string, string> Ids = new() { ["alice"] = "UALICE", ["bob"] = "UBOB", ["carol"] = "UCAROL" };

    private int _events;

    public string Channel => channel;

    public FakeSlack Slack => slack;

    public HttpClient Host => host;

    public async Task<HttpResponseMessage> CommandAsync(string member, string text, string? triggerId = null)
    {
        var body = SlackPayloads.Command(channel, Ids[member], text, triggerId ?? $"trigger-{Interlocked.Increment(ref _events)}", $"{slack.BaseUrl}/hooks/{member}");
        return await host.SendAsync(SlackPayloads.Signed("/slack/commands", body));
    }

    /// <summary>A member's reply in a thread: kept in the workspace, then sent as a message event; returns its ts.</summary>
    public async Task<string> ReplyAsync(string member, string text, string threadTs, string? ts = null)
    {
        var escaped = SlackMrkdwn.Escape(text);
        ts ??= slack.AddMemberMessage(channel, Ids[member], escaped, threadTs).Ts;
        var response = await EventAsync(SlackPayloads.Message(channel, Ids[member], escaped, ts, threadTs));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ts;
    }

    public Task<HttpResponseMessage> EventAsync(object inner, string? eventId = null, int? retryNum = null) =>
        host.SendAsync(SlackPayloads.Signed("/slack/events", SlackPayloads.EventCallback(eventId ?? NewEventId(), inner), retryNum: retryNum));

    public string NewEventId() => $"Ev{Interlocked.Increment(ref _events):D6}";

    public async Task<HttpResponseMessage> PressAsync(string member, FakeSlackMessage message, string buttonText)
    {
        var button = message.Blocks!.Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .First(e => e!["text"]!["text"]!.GetValue<string>() == buttonText)!;
        var payload = SlackPayloads.BlockActionsPayload(channel, Ids[member], message.Ts, message.ThreadTs, button["action_id"]!.GetValue<string>(),
            button["value"]?.GetValue<string>() ?? "", slack.NextTs());
        return await host.SendAsync(SlackPayloads.Signed("/slack/interactions", SlackPayloads.Interaction(payload)));
    }

    /// <summary>Waits until the workspace shows what the test expects; fails naming it.</summary>
    public async Task<IReadOnlyList<FakeSlackMessage>> WaitForAsync(Func<IReadOnlyList<FakeSlackMessage>, bool> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var messages = slack.Messages.Where(m => m.Channel == channel).ToList();
            if (condition(messages))
                return messages;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeoutSeconds} s for {what}. The channel has:\n{string.Join("\n", messages.Select(m => $"{m.Ts} thread={m.ThreadTs} {m.User}: {m.Text}"))}");
            await Task.Delay(25);
        }
    }

    /// <summary>The bot's newest message in a thread (replies only).</summary>
    public static FakeSlackMessage? LastBotIn(IReadOnlyList<FakeSlackMessage> messages, string threadTs) =>
        messages.LastOrDefault(m => m.BotId == FakeSlack.BotId && m.ThreadTs == threadTs && m.Ts != threadTs);

    public static FakeSlackMessage? TopLevel(IReadOnlyList<FakeSlackMessage> messages, string startsWith) =>
        messages.LastOrDefault(m => m.BotId == FakeSlack.BotId && m.ThreadTs is null && m.Text.StartsWith(startsWith, StringComparison.Ordinal));

    public static JsonElement Json(HttpResponseMessage response) => JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
}
