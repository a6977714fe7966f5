using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;

namespace DesignBot.Playground;

/// <summary>
/// The playground's "platform API": the bot's messages land in the playground channel and go live to the page.
/// Cards are stored as the page draws them (<see cref="PlaygroundCardWriter"/>), not in the core's record shape.
/// </summary>
public sealed class PlaygroundChannelClient(PlaygroundStore store, PlaygroundHub hub, TimeProvider clock) : IChannelClient
{
    public const string PlatformName = "playground";
    public const string BotName = "DesignBot";

    public string Platform => PlatformName;

    public async Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var posted = await store.AddAsync(threadId, BotName, isBot: true, message.Body.FallbackText, PlaygroundCardWriter.Write(message.Body), clock.GetUtcNow(), idempotencyKey);
        hub.Publish("message", PlaygroundJson.Message(posted));
        return new PostedMessage(posted.Id, posted.ThreadId ?? posted.Id, posted.Ts);
    }

    public async Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var updated = await store.UpdateAsync(target.MessageId, message.Body.FallbackText, PlaygroundCardWriter.Write(message.Body), markEdited: false)
            ?? throw new ChannelSendException($"Playground message {target.MessageId} no longer exists.", transient: false);
        hub.Publish("message", PlaygroundJson.Message(updated));
    }
}
