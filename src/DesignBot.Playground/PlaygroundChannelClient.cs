using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;

namespace DesignBot.Playground;

/// <summary>
/// The playground's "platform API": the bot's messages land in the playground channel and go live to the page.
/// Cards are stored as the page draws them (<see cref="PlaygroundCardWriter"/>), not in the core's record shape.
/// </summary>
public sealed class PlaygroundChannelClient(Lazy<PlaygroundStore> history, PlaygroundHub hub, TimeProvider clock) : IChannelClient
{
    public const string PlatformName = "playground";
    public const string BotName = "DesignBot";

    public string Platform => PlatformName;

    /// <summary>
    /// What a playground card shows before it points to the design document: sized like a chat card (a 300-character
    /// answer preview, 2,800 characters a section), so the playground shows what a team will see on a real platform.
    /// </summary>
    public static readonly PlatformLimits Limits = new(HeaderChars: 150, TextChars: 2_800, ItemChars: 300, FieldValueChars: 2_000, Fields: 10, TableRows: 50, Blocks: 50, TotalChars: 40_000);

    /// <summary>The playground is in-process: no platform limits to respect.</summary>
    public PacingPolicy Pacing => PacingPolicy.Unlimited;

    public async Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var body = MessageFitter.Fit(message.Body, Limits);
        // A message for one member (VisibleTo) is kept for that member only, never as a message of the channel.
        var posted = await history.Value.AddAsync(threadId, BotName, isBot: true, body.FallbackText, PlaygroundCardWriter.Write(body), clock.GetUtcNow(), idempotencyKey, message.VisibleTo);
        hub.Publish("message", PlaygroundJson.Message(posted), posted.VisibleTo);
        return new PostedMessage(posted.Id, posted.ThreadId ?? posted.Id, posted.Ts);
    }

    public async Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var body = MessageFitter.Fit(message.Body, Limits);
        var updated = await history.Value.UpdateAsync(target.MessageId, body.FallbackText, PlaygroundCardWriter.Write(body), markEdited: false)
            ?? throw new ChannelSendException($"Playground message {target.MessageId} no longer exists.", transient: false);
        hub.Publish("message", PlaygroundJson.Message(updated), updated.VisibleTo);
    }

    /// <summary>Bot posts carry their idempotency key, so a post cut off by a crash is found rather than repeated.</summary>
    public Task<PostedMessage?> FindPostedAsync(ChannelRef channel, string? threadId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(history.Value.FindByIdempotencyKey(idempotencyKey) is { } m ? new PostedMessage(m.Id, m.ThreadId ?? m.Id, m.Ts) : null);

    /// <summary>
    /// The playground page at the message's thread: <c>/#thread-&lt;root id&gt;</c>, which the page (app.js) opens in its
    /// thread pane when the link is followed, in the page or as a fresh load.
    /// </summary>
    public Task<string?> LinkToAsync(ChannelRef channel, PostedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult<string?>(ThreadLink(message.ThreadId));
    }

    /// <summary>The page's link to a thread (the same fragment its "Reply in thread" links use).</summary>
    public static string ThreadLink(string threadId) => "/#thread-" + Uri.EscapeDataString(threadId);

    /// <summary>A playground user is who they say they are: the id is the name.</summary>
    public Task<string?> ResolveUserNameAsync(ChannelRef channel, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(userId);
}
