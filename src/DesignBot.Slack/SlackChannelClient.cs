using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;
using DesignBot.Slack.Api;
using Microsoft.Extensions.Logging;

namespace DesignBot.Slack;

/// <summary>
/// Posts neutral messages to Slack: rendered to Block Kit (<see cref="SlackBlockKit"/>), each post carrying its
/// idempotency key in the message metadata (<c>designbot_post</c>), so a post whose outcome is unknown is found in its
/// thread instead of being posted twice. Ephemeral messages (<see cref="OutboundMessage.VisibleTo"/>) go through
/// chat.postEphemeral; documents are uploaded into the thread of their message. Paced to about one post per second
/// per channel. Slack's errors become <see cref="ChannelSendException"/>s: transient ones (429 with Retry-After, 5xx)
/// are retried by the dispatcher; <c>not_in_channel</c> also tells the user to <c>/invite @DesignBot</c>.
/// </summary>
public sealed class SlackChannelClient(ISlackChatApi chat, ISlackConversationsApi conversations, ISlackFilesApi files, SlackUserDirectory users,
    SlackHints hints, TimeProvider clock, ILogger<SlackChannelClient> logger, int postsPerSecondPerChannel = 1) : IChannelClient
{
    public const string MetadataEventType = "designbot_post";

    /// <summary>How far back a lookup reads (a thread's replies, or the channel's newest messages).</summary>
    public const int LookupDepth = 1_000;

    public string Platform => SlackMapper.Platform;

    /// <summary>Slack limits chat.postMessage per channel (threads included), about one a second with short bursts.</summary>
    public PacingPolicy Pacing { get; } = new(new Rate(postsPerSecondPerChannel, TimeSpan.FromSeconds(1)), null)
    {
        ConversationOf = (channel, _) => channel.Key,
    };

    public async Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        var channelId = ChannelIdOf(channel);
        var rendered = SlackBlockKit.Render(message.Body);
        string ts;
        if (message.VisibleTo is { } user)
        {
            ts = await CallAsync(channelId, () => chat.PostEphemeralAsync(channelId, user, threadId, rendered, cancellationToken), rendered,
                text => chat.PostEphemeralAsync(channelId, user, threadId, text, cancellationToken));
        }
        else
        {
            var metadata = Metadata(idempotencyKey);
            ts = await CallAsync(channelId, () => chat.PostMessageAsync(channelId, threadId, rendered, metadata, cancellationToken), rendered,
                text => chat.PostMessageAsync(channelId, threadId, text, metadata, cancellationToken));
        }
        var posted = new PostedMessage(ts, threadId ?? ts, SlackTs.TryParse(ts, out var at) ? at : clock.GetUtcNow(), channelId);
        foreach (var document in rendered.Documents)
            await UploadAsync(channelId, threadId ?? ts, posted, rendered, document, cancellationToken);
        return posted;
    }

    public async Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var channelId = target.Address ?? ChannelIdOf(channel);
        var rendered = SlackBlockKit.Render(message.Body);
        await CallAsync(channelId, async () => { await chat.UpdateAsync(channelId, target.MessageId, rendered, cancellationToken); return ""; }, rendered,
            async text => { await chat.UpdateAsync(channelId, target.MessageId, text, cancellationToken); return ""; });
    }

    /// <summary>Reads the thread (or the channel's newest messages) for a message carrying this key in its metadata.</summary>
    public async Task<PostedMessage?> FindPostedAsync(ChannelRef channel, string? threadId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var channelId = ChannelIdOf(channel);
        IReadOnlyList<JsonElement> messages;
        try
        {
            messages = threadId is null
                ? await conversations.HistoryAsync(channelId, LookupDepth, cancellationToken)
                : await conversations.RepliesAsync(channelId, threadId, LookupDepth, cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Transient)
        {
            throw new ChannelSendException(ex.Message, transient: true, ex.RetryAfter, ex);
        }
        catch (SlackApiException ex)
        {
            // Slack cannot tell (no access to the history): the dispatcher posts again.
            Log.LookupFailed(logger, channelId, ex.Error);
            return null;
        }
        foreach (var m in messages)
        {
            if (KeyOf(m) != idempotencyKey || SlackMapper.Str(m, "ts") is not { } ts)
                continue;
            return new PostedMessage(ts, threadId ?? ts, SlackTs.TryParse(ts, out var at) ? at : clock.GetUtcNow(), channelId);
        }
        return null;
    }

    public Task<string?> ResolveUserNameAsync(ChannelRef channel, string userId, CancellationToken cancellationToken = default) =>
        users.NameAsync(userId, cancellationToken);

    /// <summary>
    /// The message's permalink from chat.getPermalink (a thread root's opens its thread). A transient error (429, 5xx) is
    /// asked once more after Slack's Retry-After, when that is short; then, as for any other error, there is no link and
    /// the dispatcher keeps the link's fallback.
    /// </summary>
    public async Task<string?> LinkToAsync(ChannelRef channel, PostedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        var channelId = message.Address ?? ChannelIdOf(channel);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await chat.GetPermalinkAsync(channelId, message.MessageId, cancellationToken);
            }
            catch (SlackApiException ex) when (ex.Transient && attempt == 1 && (ex.RetryAfter ?? TimeSpan.Zero) <= PermalinkRetryWait)
            {
                await Task.Delay(ex.RetryAfter ?? TimeSpan.FromMilliseconds(200), clock, cancellationToken);
            }
            catch (SlackApiException ex)
            {
                Log.PermalinkFailed(logger, channelId, ex.Error);
                return null;
            }
        }
    }

    /// <summary>The longest Retry-After a permalink lookup waits out before it does without the link.</summary>
    public static readonly TimeSpan PermalinkRetryWait = TimeSpan.FromSeconds(2);

    /// <summary>The metadata every post carries: its outbox key.</summary>
    public static JsonObject Metadata(string idempotencyKey) => new()
    {
        ["event_type"] = MetadataEventType,
        ["event_payload"] = new JsonObject { ["key"] = idempotencyKey },
    };

    /// <summary>The outbox key in a message's metadata, when DesignBot posted it.</summary>
    public static string? KeyOf(JsonElement message) =>
        message.TryGetProperty("metadata", out var metadata) && SlackMapper.Str(metadata, "event_type") == MetadataEventType
            && metadata.TryGetProperty("event_payload", out var payload) ? SlackMapper.Str(payload, "key") : null;

    private static string ChannelIdOf(ChannelRef channel) => channel.Address ?? channel.Id;

    // One Web API call with Slack's errors turned into the dispatcher's: blocks Slack refuses are sent again as text alone.
    private async Task<string> CallAsync(string channelId, Func<Task<string>> call, SlackMessage rendered, Func<SlackMessage, Task<string>> asText)
    {
        try
        {
            try
            {
                return await call();
            }
            catch (SlackApiException ex) when (ex.Error is "invalid_blocks" or "msg_blocks_too_long" or "invalid_blocks_format")
            {
                Log.BlocksRefused(logger, ex.Error);
                return await asText(TextOnly(rendered));
            }
        }
        catch (SlackApiException ex) when (ex.NotInChannel)
        {
            Log.NotInChannel(logger, channelId, ex.Error);
            await hints.NotInChannelAsync(channelId);
            throw new ChannelSendException($"{ex.Message}. {SlackHints.InviteHint}", transient: false, innerException: ex);
        }
        catch (SlackApiException ex)
        {
            throw new ChannelSendException(ex.Message, ex.Transient, ex.RetryAfter, ex);
        }
    }

    private static SlackMessage TextOnly(SlackMessage rendered) =>
        new(rendered.Text, new JsonArray(new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = rendered.Text + "\n_" + SlackMrkdwn.Escape(MessageFitter.ShortenedNote) + "_" },
        }), rendered.Documents);

    private async Task UploadAsync(string channelId, string threadTs, PostedMessage posted, SlackMessage rendered, DocumentBlock document, CancellationToken cancellationToken)
    {
        try
        {
            await files.UploadAsync(channelId, threadTs, document.FileName, document.FileName, Encoding.UTF8.GetBytes(document.Content), cancellationToken);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            // The message is posted (repeating it would show it twice): say on it that the file is missing, never drop it silently.
            var error = ex is SlackApiException api ? api.Error : "the upload failed";
            Log.UploadFailed(logger, document.FileName, channelId, error);
            var blocks = rendered.Blocks.DeepClone().AsArray();
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackMrkdwn.Escape($"⚠️ I couldn't attach {document.FileName} ({error}); the Markdown link has the whole document.") }),
            });
            try
            {
                await chat.UpdateAsync(channelId, posted.MessageId, rendered with { Blocks = blocks }, cancellationToken);
            }
            catch (SlackApiException)
            {
                // Nothing more can be said where the message is.
            }
        }
    }
}
