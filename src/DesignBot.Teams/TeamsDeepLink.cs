using DesignBot.Core.Reviews;

namespace DesignBot.Teams;

/// <summary>
/// Teams deep links to a message the bot posted, built from what the adapter keeps (no Graph call): a channel message is
/// <c>https://teams.microsoft.com/l/message/{channelId}/{messageId}?tenantId=…&amp;parentMessageId={thread root}&amp;createdTime=…</c>
/// (Microsoft's "deep link to navigate to channel conversation"; the team's group id is left out, as the bot is not told
/// it), a chat message <c>…/l/message/{chatId}/{messageId}?context={"contextType":"chat"}</c>. A channel message id is
/// its send time in epoch milliseconds, so it is the created time too.
/// </summary>
public static class TeamsDeepLink
{
    public const string Base = "https://teams.microsoft.com/l/message/";

    /// <summary>The link that opens <paramref name="message"/> (a thread root opens its thread), or null without an address.</summary>
    public static string? ToMessage(TeamsAddress? address, PostedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (address is null)
            return null;
        var id = Uri.EscapeDataString(message.MessageId);
        if (!address.IsChannel)
        {
            var chat = TeamsAddress.SplitConversation(message.Address ?? address.ConversationId).Channel;
            return $"{Base}{Uri.EscapeDataString(chat)}/{id}?context={Uri.EscapeDataString("{\"contextType\":\"chat\"}")}";
        }
        var channel = TeamsAddress.SplitConversation(message.Address ?? address.ConversationId).Channel;
        var query = new List<string>();
        if (!string.IsNullOrEmpty(address.TenantId))
            query.Add($"tenantId={Uri.EscapeDataString(address.TenantId)}");
        query.Add($"parentMessageId={Uri.EscapeDataString(message.ThreadId)}");
        query.Add($"createdTime={id}");
        return $"{Base}{Uri.EscapeDataString(channel)}/{id}?{string.Join("&", query)}";
    }
}
