using System.Text.Json;
using System.Text.Json.Nodes;

namespace DesignBot.Slack.Api;

/// <summary>auth.test: who the bot token belongs to.</summary>
public interface ISlackAuthApi
{
    Task<SlackIdentity> TestAsync(CancellationToken cancellationToken = default);
}

/// <summary>chat.postMessage, chat.update, chat.postEphemeral, chat.getPermalink.</summary>
public interface ISlackChatApi
{
    /// <summary>Posts (in a thread when threadTs is set) with the message metadata given; returns the new message's ts.</summary>
    Task<string> PostMessageAsync(string channel, string? threadTs, SlackMessage message, JsonObject? metadata, CancellationToken cancellationToken = default);

    Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken = default);

    /// <summary>A message only <paramref name="user"/> sees; returns its message_ts.</summary>
    Task<string> PostEphemeralAsync(string channel, string user, string? threadTs, SlackMessage message, CancellationToken cancellationToken = default);

    /// <summary>The permalink of a message (a thread root's opens its thread).</summary>
    Task<string> GetPermalinkAsync(string channel, string ts, CancellationToken cancellationToken = default);
}

/// <summary>conversations.replies and conversations.history, read only to find a post whose outcome is unknown.</summary>
public interface ISlackConversationsApi
{
    /// <summary>Messages of a thread (with their metadata), oldest first, up to <paramref name="max"/>.</summary>
    Task<IReadOnlyList<JsonElement>> RepliesAsync(string channel, string threadTs, int max, CancellationToken cancellationToken = default);

    /// <summary>The channel's newest messages (with their metadata), newest first, up to <paramref name="max"/>.</summary>
    Task<IReadOnlyList<JsonElement>> HistoryAsync(string channel, int max, CancellationToken cancellationToken = default);
}

/// <summary>users.info.</summary>
public interface ISlackUsersApi
{
    /// <summary>The name Slack shows for the user (display name, else real name, else user name); null when Slack does not know them.</summary>
    Task<string?> DisplayNameAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>files.getUploadURLExternal → upload → files.completeUploadExternal (files.upload is retired).</summary>
public interface ISlackFilesApi
{
    Task<string> UploadAsync(string channel, string? threadTs, string fileName, string title, byte[] content, CancellationToken cancellationToken = default);
}

/// <summary>apps.connections.open (with the app-level token): a Socket Mode WebSocket URL.</summary>
public interface ISlackAppsApi
{
    Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken = default);
}

public sealed class SlackAuthApi(SlackApiTransport api, string botToken) : ISlackAuthApi
{
    public async Task<SlackIdentity> TestAsync(CancellationToken cancellationToken = default)
    {
        var root = await api.PostFormAsync("auth.test", [], botToken, cancellationToken);
        var userId = SlackMapper.Str(root, "user_id") ?? throw new SlackApiException("auth.test", "invalid_response");
        return new SlackIdentity(SlackMapper.Str(root, "team_id") ?? "", userId, SlackMapper.Str(root, "bot_id"));
    }
}

public sealed class SlackChatApi(SlackApiTransport api, string botToken) : ISlackChatApi
{
    public async Task<string> PostMessageAsync(string channel, string? threadTs, SlackMessage message, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Body(channel, message);
        if (threadTs is not null)
            body["thread_ts"] = threadTs;
        if (metadata is not null)
            body["metadata"] = metadata.DeepClone();
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        var root = await api.PostJsonAsync("chat.postMessage", body, botToken, cancellationToken);
        return SlackMapper.Str(root, "ts") ?? throw new SlackApiException("chat.postMessage", "invalid_response");
    }

    public async Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Body(channel, message);
        body["ts"] = ts;
        await api.PostJsonAsync("chat.update", body, botToken, cancellationToken);
    }

    public async Task<string> PostEphemeralAsync(string channel, string user, string? threadTs, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Body(channel, message);
        body["user"] = user;
        if (threadTs is not null)
            body["thread_ts"] = threadTs;
        var root = await api.PostJsonAsync("chat.postEphemeral", body, botToken, cancellationToken);
        return SlackMapper.Str(root, "message_ts") ?? throw new SlackApiException("chat.postEphemeral", "invalid_response");
    }

    public async Task<string> GetPermalinkAsync(string channel, string ts, CancellationToken cancellationToken = default)
    {
        var root = await api.PostFormAsync("chat.getPermalink", [new("channel", channel), new("message_ts", ts)], botToken, cancellationToken);
        return SlackMapper.Str(root, "permalink") ?? throw new SlackApiException("chat.getPermalink", "invalid_response");
    }

    private static JsonObject Body(string channel, SlackMessage message) => new()
    {
        ["channel"] = channel,
        ["text"] = message.Text,
        ["blocks"] = message.Blocks.DeepClone(),
    };
}

public sealed class SlackConversationsApi(SlackApiTransport api, string botToken) : ISlackConversationsApi
{
    private const int PageSize = 200;

    public Task<IReadOnlyList<JsonElement>> RepliesAsync(string channel, string threadTs, int max, CancellationToken cancellationToken = default) =>
        PagesAsync("conversations.replies", [new("channel", channel), new("ts", threadTs)], max, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> HistoryAsync(string channel, int max, CancellationToken cancellationToken = default) =>
        PagesAsync("conversations.history", [new("channel", channel)], max, cancellationToken);

    private async Task<IReadOnlyList<JsonElement>> PagesAsync(string method, List<KeyValuePair<string, string>> query, int max, CancellationToken cancellationToken)
    {
        var messages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            List<KeyValuePair<string, string>> fields = [.. query, new("include_all_metadata", "true"), new("limit", Math.Min(PageSize, max - messages.Count).ToString(System.Globalization.CultureInfo.InvariantCulture))];
            if (cursor is not null)
                fields.Add(new("cursor", cursor));
            var root = await api.PostFormAsync(method, fields, botToken, cancellationToken);
            if (root.TryGetProperty("messages", out var page) && page.ValueKind == JsonValueKind.Array)
                messages.AddRange(page.EnumerateArray());
            cursor = root.TryGetProperty("response_metadata", out var meta) ? SlackMapper.Str(meta, "next_cursor") : null;
        }
        while (!string.IsNullOrEmpty(cursor) && messages.Count < max);
        return messages;
    }
}

public sealed class SlackUsersApi(SlackApiTransport api, string botToken) : ISlackUsersApi
{
    public async Task<string?> DisplayNameAsync(string userId, CancellationToken cancellationToken = default)
    {
        JsonElement root;
        try
        {
            root = await api.PostFormAsync("users.info", [new("user", userId)], botToken, cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "user_not_found" or "user_not_visible")
        {
            return null;
        }
        if (!root.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
            return null;
        var profile = user.TryGetProperty("profile", out var p) ? p : default;
        return new[] { SlackMapper.Str(profile, "display_name"), SlackMapper.Str(profile, "real_name"), SlackMapper.Str(user, "real_name"), SlackMapper.Str(user, "name") }
            .FirstOrDefault(name => !string.IsNullOrWhiteSpace(name));
    }
}

public sealed class SlackFilesApi(SlackApiTransport api, string botToken) : ISlackFilesApi
{
    public async Task<string> UploadAsync(string channel, string? threadTs, string fileName, string title, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var ticket = await api.PostFormAsync("files.getUploadURLExternal",
            [new("filename", fileName), new("length", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))], botToken, cancellationToken);
        var uploadUrl = SlackMapper.Str(ticket, "upload_url");
        var fileId = SlackMapper.Str(ticket, "file_id");
        if (uploadUrl is null || fileId is null || !Uri.TryCreate(uploadUrl, UriKind.Absolute, out var url))
            throw new SlackApiException("files.getUploadURLExternal", "invalid_response");
        await api.UploadAsync(url, fileName, content, cancellationToken);
        // The method takes a form whose "files" field is a JSON array.
        List<KeyValuePair<string, string>> complete =
        [
            new("files", new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }).ToJsonString()),
            new("channel_id", channel),
        ];
        if (threadTs is not null)
            complete.Add(new("thread_ts", threadTs));
        await api.PostFormAsync("files.completeUploadExternal", complete, botToken, cancellationToken);
        return fileId;
    }
}

public sealed class SlackAppsApi(SlackApiTransport api, string appToken) : ISlackAppsApi
{
    public async Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var root = await api.PostFormAsync("apps.connections.open", [], appToken, cancellationToken);
        return SlackMapper.Str(root, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "wss" || uri.Scheme == "ws")
            ? uri
            : throw new SlackApiException("apps.connections.open", "invalid_response");
    }
}
