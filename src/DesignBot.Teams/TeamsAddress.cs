using System.Text.Json;
using System.Text.Json.Serialization;

namespace DesignBot.Teams;

/// <summary>
/// What the adapter needs to post into a Teams conversation after a restart, kept by the core as the opaque
/// <see cref="Core.Events.ChannelRef.Address"/>: the service URL (regional, and it may change between events), the tenant,
/// the team and the channel (or, for a chat, the conversation id).
/// </summary>
public sealed record TeamsAddress(
    [property: JsonPropertyName("s")] string ServiceUrl,
    [property: JsonPropertyName("t")] string? TenantId,
    [property: JsonPropertyName("tm")] string? TeamId,
    [property: JsonPropertyName("c")] string ConversationId,
    [property: JsonPropertyName("ch")] bool IsChannel)
{
    public string Encode() => JsonSerializer.Serialize(this, TeamsJsonContext.Default.TeamsAddress);

    public static TeamsAddress? Decode(string? address)
    {
        if (string.IsNullOrEmpty(address))
            return null;
        try
        {
            return JsonSerializer.Deserialize(address, TeamsJsonContext.Default.TeamsAddress);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The conversation of a channel thread: <c>19:…@thread.tacv2;messageid=&lt;root&gt;</c>.</summary>
    public static string ThreadConversation(string channelId, string rootMessageId) => $"{channelId};messageid={rootMessageId}";

    /// <summary>Splits <c>19:…;messageid=123</c> into the channel and the root message id (null when there is none).</summary>
    public static (string Channel, string? Root) SplitConversation(string conversationId)
    {
        const string marker = ";messageid=";
        var at = conversationId.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? (conversationId, null) : (conversationId[..at], conversationId[(at + marker.Length)..]);
    }
}

[JsonSerializable(typeof(TeamsAddress))]
internal sealed partial class TeamsJsonContext : JsonSerializerContext;
