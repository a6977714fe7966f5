using System.Text.Json;

namespace DesignBot.Teams.Inbound;

public sealed record ChannelAccount(string Id, string Name);

public sealed record Mention(string Id, string Name, string Text);

/// <summary>
/// The parts of a Bot Framework activity the adapter reads, taken from the JSON defensively: a field of the wrong type is
/// treated as absent, never as an error. See <see cref="Parse"/> for what makes a body no activity at all.
/// </summary>
public sealed record Activity
{
    public required string Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? ConversationId { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public string? TeamId { get; init; }
    public string? TeamsChannelId { get; init; }
    public string? EventType { get; init; }
    public string? Text { get; init; }
    public string? HtmlText { get; init; }
    public string? ReplyToId { get; init; }
    public IReadOnlyList<Mention> Mentions { get; init; } = [];
    public IReadOnlyList<string> MembersAdded { get; init; } = [];
    public JsonElement? Value { get; init; }

    /// <summary>The activity in a body, or null when the body is not a JSON object with a string <c>type</c>.</summary>
    public static Activity? Parse(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
            return null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var doc = JsonDocument.ParseValue(ref reader);
            return Read(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Activity? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "type") is not { Length: > 0 } type)
            return null;
        var conversation = Obj(root, "conversation");
        var channelData = Obj(root, "channelData");
        return new Activity
        {
            Type = type,
            Id = Str(root, "id"),
            Name = Str(root, "name"),
            ChannelId = Str(root, "channelId"),
            ServiceUrl = Str(root, "serviceUrl"),
            Timestamp = Time(root, "timestamp"),
            From = Account(Obj(root, "from")),
            Recipient = Account(Obj(root, "recipient")),
            ConversationId = Str(conversation, "id"),
            ConversationType = Str(conversation, "conversationType"),
            TenantId = Str(Obj(channelData, "tenant"), "id") ?? Str(conversation, "tenantId"),
            TeamId = Str(Obj(channelData, "team"), "id") ?? Str(channelData, "teamsTeamId"),
            TeamsChannelId = Str(Obj(channelData, "channel"), "id") ?? Str(channelData, "teamsChannelId"),
            EventType = Str(channelData, "eventType"),
            Text = Str(root, "text"),
            HtmlText = HtmlAttachment(root),
            ReplyToId = Str(root, "replyToId"),
            Mentions = ReadMentions(root),
            MembersAdded = Members(root, "membersAdded"),
            Value = root.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null,
        };
    }

    private static JsonElement? Obj(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    internal static string? Str(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
            return null;
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            // Not text: invalid UTF-8, or an escaped lone surrogate.
            return null;
        }
    }

    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        Str(parent, name) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static ChannelAccount? Account(JsonElement? account) =>
        Str(account, "id") is { Length: > 0 } id ? new ChannelAccount(id, Str(account, "name") ?? "") : null;

    private static string? HtmlAttachment(JsonElement root)
    {
        if (!root.TryGetProperty("attachments", out var list) || list.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var item in list.EnumerateArray())
        {
            if (Str(item, "contentType") == "text/html" && Str(item, "content") is { } html)
                return html;
        }
        return null;
    }

    private static List<Mention> ReadMentions(JsonElement root)
    {
        var mentions = new List<Mention>();
        if (!root.TryGetProperty("entities", out var list) || list.ValueKind != JsonValueKind.Array)
            return mentions;
        foreach (var item in list.EnumerateArray())
        {
            if (Str(item, "type") != "mention" || Account(Obj(item, "mentioned")) is not { } who)
                continue;
            mentions.Add(new Mention(who.Id, who.Name, Str(item, "text") ?? $"<at>{who.Name}</at>"));
        }
        return mentions;
    }

    private static List<string> Members(JsonElement root, string name)
    {
        var ids = new List<string>();
        if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
            return ids;
        foreach (var item in list.EnumerateArray())
        {
            if (Str(item, "id") is { } id)
                ids.Add(id);
        }
        return ids;
    }
}
