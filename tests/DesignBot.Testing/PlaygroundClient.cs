using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DesignBot.Testing;

public sealed record PgMessage(string Id, string? ThreadId, string User, bool IsBot, string Text, JsonElement? Card, string Ts, bool Edited)
{
    /// <summary>The only member who sees it; null for a message of the channel.</summary>
    public string? VisibleTo { get; init; }

    /// <summary>Every string in the card (headers, text, table cells, links), for assertions on what users see.</summary>
    public string CardText => Card is { ValueKind: JsonValueKind.Object } card ? string.Join("\n", Strings(card)) : "";

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().Where(p => p.Name != "type").SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}

/// <summary>Talks to the playground API as the page (or any automated check) does.</summary>
public sealed class PlaygroundClient(HttpClient http)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    public async Task<PgMessage> SendAsync(string user, string text, string? threadId = null)
    {
        var response = await Http.PostAsJsonAsync("/playground/api/messages", new { user, text, threadId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(threadId, created.GetProperty("threadId").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("ts").GetString()));
        var id = created.GetProperty("id").GetString()!;
        return (await MessagesAsync()).Single(m => m.Id == id);
    }

    /// <summary>Deletes a message as <paramref name="user"/> (only the author may).</summary>
    public Task<HttpResponseMessage> DeleteAsync(string user, string id) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/playground/api/messages/{id}") { Content = JsonContent.Create(new { user }) });

    /// <summary>
    /// The whole channel, oldest first, read page by page as the page does when scrolled to the top; as
    /// <paramref name="viewer"/> sees it (with the bot's messages meant for that member alone), or as the channel does.
    /// </summary>
    public async Task<List<PgMessage>> MessagesAsync(string? viewer = null)
    {
        var all = new List<PgMessage>();
        string? before = null;
        var asViewer = viewer is null ? "" : "&user=" + Uri.EscapeDataString(viewer);
        do
        {
            var page = (await Http.GetFromJsonAsync<PgPage>("/playground/api/messages?limit=100" + asViewer + (before is null ? "" : "&before=" + before), s_json))!;
            all.InsertRange(0, page.Messages);
            before = page.Older;
        }
        while (before is not null);
        return all;
    }

    private sealed record PgPage(List<PgMessage> Messages, string? Older);

    /// <summary>Polls the channel until the condition holds (the bot answers asynchronously, through inbox and outbox).</summary>
    public async Task<List<PgMessage>> WaitForAsync(Func<List<PgMessage>, bool> condition, string what, int timeoutSeconds = 20, string? viewer = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var messages = await MessagesAsync(viewer);
            if (condition(messages))
                return messages;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}. Last messages:\n" + string.Join("\n", messages.TakeLast(8).Select(m => $"{m.Id} [{m.ThreadId}] {m.User}: {m.Text}")));
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Sends <paramref name="command"/> as <paramref name="user"/> until its answer shows what the test waits for, at most
    /// <paramref name="attempts"/> times. A channel command is decided in the channel's conversation and a reply, edit or
    /// deletion in its step thread's, in either order: one ask may be answered before the event it should show. Answers
    /// are the messages <paramref name="isAnswer"/> picks, oldest first; the n-th after those already there belongs to the
    /// n-th ask. Returns the first answer that <paramref name="shows"/> accepts, else the last one, so that the test's own
    /// asserts on it say what is missing.
    /// </summary>
    public async Task<PgMessage> AskUntilAsync(string user, string command, Func<PgMessage, bool> isAnswer, Func<PgMessage, bool> shows, string what,
        int attempts = 10, int timeoutSeconds = 20, string? viewer = null)
    {
        var before = (await MessagesAsync(viewer)).Count(isAnswer);
        PgMessage? answer = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await SendAsync(user, command);
            var messages = await WaitForAsync(m => m.Count(isAnswer) >= before + attempt, $"answer {attempt} to `{command}` ({what})", timeoutSeconds, viewer);
            answer = messages.Where(isAnswer).ElementAt(before + attempt - 1);
            if (shows(answer))
                return answer;
        }
        return answer!;
    }

    public static PgMessage? LastBotIn(List<PgMessage> messages, string threadId) =>
        messages.LastOrDefault(m => m.IsBot && m.ThreadId == threadId);
}
