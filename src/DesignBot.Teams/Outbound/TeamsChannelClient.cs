using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;
using DesignBot.Teams.Inbound;

namespace DesignBot.Teams.Outbound;

/// <summary>
/// Posts the bot's messages into Teams: a channel post (the review card, a step's root) is a new channel thread
/// (<c>POST /v3/conversations</c>), a reply goes into its thread's conversation, an update replaces the card in place.
/// A post's time is its id (a channel message id is its send time in epoch milliseconds), so the timestamp rule holds.
/// </summary>
public sealed class TeamsChannelClient(BotConnector connector, TimeProvider clock, TeamsPacingOptions? pacing = null) : IChannelClient
{
    public string Platform => TeamsMapper.Platform;

    /// <summary>By <c>Teams:Pacing:*</c>; by default Teams' limits: 7 messages a second per thread (and its longer windows), 50 a second per app per tenant.</summary>
    public PacingPolicy Pacing { get; } = (pacing ?? new TeamsPacingOptions()).ToPolicy() with
    {
        // A new channel post counts against the channel; a reply against its thread.
        ConversationOf = (channel, threadId) => threadId is null ? channel.Key : $"{channel.Key};messageid={threadId}",
        AccountOf = channel => $"teams|{TeamsAddress.Decode(channel.Address)?.TenantId ?? "unknown-tenant"}",
    };

    public async Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var address = AddressOf(channel);
        return await WithShorterOn413Async(message.Body, async activity =>
        {
            if (!address.IsChannel)
            {
                var id = await connector.SendToConversationAsync(address.ServiceUrl, address.ConversationId, activity, cancellationToken);
                return new PostedMessage(id, id, PostedTime(id), address.ConversationId);
            }
            if (threadId is null)
            {
                var created = await connector.CreateChannelThreadAsync(address.ServiceUrl, address.ConversationId, address.TenantId, activity, cancellationToken);
                return new PostedMessage(created.ActivityId, created.ActivityId, PostedTime(created.ActivityId), created.ConversationId);
            }
            var conversation = TeamsAddress.ThreadConversation(address.ConversationId, threadId);
            var replyId = await connector.SendToConversationAsync(address.ServiceUrl, conversation, activity, cancellationToken);
            return new PostedMessage(replyId, threadId, PostedTime(replyId), conversation);
        });
    }

    public async Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var address = AddressOf(channel);
        var conversation = target.Address ?? (address.IsChannel ? TeamsAddress.ThreadConversation(address.ConversationId, target.ThreadId) : address.ConversationId);
        await WithShorterOn413Async(message.Body, async activity =>
        {
            await connector.UpdateActivityAsync(address.ServiceUrl, conversation, target.MessageId, activity, cancellationToken);
            return true;
        });
    }

    /// <summary>Teams offers a bot no search of its own posts by a key (that needs Graph and the team's consent): an unknown outcome is posted again.</summary>
    public Task<PostedMessage?> FindPostedAsync(ChannelRef channel, string? threadId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<PostedMessage?>(null);

    /// <summary>A deep link into the channel thread (or chat) where the message is: see <see cref="TeamsDeepLink"/>.</summary>
    public Task<string?> LinkToAsync(ChannelRef channel, PostedMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult(TeamsDeepLink.ToMessage(TeamsAddress.Decode(channel?.Address), message));

    /// <summary>Teams activities carry the member's name, so none is asked for.</summary>
    public Task<string?> ResolveUserNameAsync(ChannelRef channel, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(null);

    // A 413 is never sent again as it was: the card is rendered with half the room and sent once more, and a second 413
    // gives up (the dispatcher says so in the thread).
    private static async Task<T> WithShorterOn413Async<T>(NeutralMessage body, Func<System.Text.Json.Nodes.JsonObject, Task<T>> send)
    {
        try
        {
            return await send(AdaptiveCardWriter.Activity(body));
        }
        catch (PayloadTooLargeException)
        {
            var smaller = AdaptiveCardWriter.Halved(AdaptiveCardWriter.Halved(AdaptiveCardWriter.Limits));
            try
            {
                return await send(AdaptiveCardWriter.Activity(body, smaller));
            }
            catch (PayloadTooLargeException tooLarge)
            {
                throw new ChannelSendException(tooLarge.Message, transient: false, innerException: tooLarge);
            }
        }
    }

    private DateTimeOffset PostedTime(string activityId) => TeamsMapper.MessageTime(activityId, clock.GetUtcNow());

    private static TeamsAddress AddressOf(ChannelRef channel) =>
        TeamsAddress.Decode(channel.Address) ?? throw new ChannelSendException($"No Teams address for channel {channel.Id}.", transient: false);
}
