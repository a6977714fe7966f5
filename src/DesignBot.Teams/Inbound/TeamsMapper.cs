using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;

namespace DesignBot.Teams.Inbound;

/// <summary>What an activity means to DesignBot: an event for the pipeline (or none), and whether Teams waits for an invoke response.</summary>
public sealed record TeamsInbound(InboundEvent? Event, bool IsCardAction)
{
    public static TeamsInbound Ignored { get; } = new(null, false);

    /// <summary>A line to answer in a chat at once, where the request cannot become an event (a review started outside a channel).</summary>
    public string? ChatNotice { get; init; }
}

/// <summary>
/// Bot Framework activities → neutral inbound events, as pure functions. Event ids are derived from the activity (its id,
/// the conversation, and for edits the new text), so a retried delivery maps to the same id and the inbox drops it.
/// </summary>
public static class TeamsMapper
{
    public const string Platform = "teams";

    /// <summary>What a button's data carries (both for Action.Execute and Action.Submit).</summary>
    public const string ActionIdField = "actionId";
    public const string ActionValueField = "value";

    public static TeamsInbound Map(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ConversationId is null || activity.ServiceUrl is null || activity.From is not { } from)
            return TeamsInbound.Ignored;
        // Teams never delivers other bots' messages; the bot's own (echoes) are not events either.
        if (activity.Recipient is { } me && from.Id == me.Id)
            return TeamsInbound.Ignored;
        return activity.Type switch
        {
            "message" when StartInChat(activity) => TeamsInbound.Ignored with { ChatNotice = ChatStartNotice },
            "message" => new TeamsInbound(Message(activity, from), false),
            "messageUpdate" => new TeamsInbound(Edit(activity, from), false),
            "messageDelete" => new TeamsInbound(Delete(activity, from), false),
            "invoke" when activity.Name == "adaptiveCard/action" => new TeamsInbound(CardAction(activity, from), true),
            "conversationUpdate" => new TeamsInbound(Welcome(activity, from), false),
            _ => TeamsInbound.Ignored,
        };
    }

    /// <summary>What a start in a chat gets: reviews need channel threads, which chats do not have.</summary>
    public const string ChatStartNotice = "Design reviews run in a team channel, one thread per step, and chats have no threads. Add DesignBot to a team, then in a channel: @DesignBot start <title>";

    private static bool StartInChat(Activity activity) =>
        !IsChannel(activity) && activity.Value is null
        && CommandParser.Parse(TeamsText.ToPlain(activity.Text ?? activity.HtmlText, activity.Mentions, activity.Recipient?.Id)).Name == CommandName.Start
        && (activity.ConversationType != "groupChat" || activity.Mentions.Any(m => m.Id == activity.Recipient?.Id));

    private static InboundEvent? Message(Activity activity, ChannelAccount from)
    {
        var (channel, root) = Where(activity);
        // Action.Submit: a message with the button's data as its value.
        if (activity.Value is { } value)
        {
            // Another card's messageBack or submit (not one of the bot's buttons) was not typed by anyone: no answer.
            return Button(value) is { } button ? Pressed(activity, from, channel, root, button.ActionId, button.Value) : null;
        }
        var text = TeamsText.ToPlain(activity.Text ?? activity.HtmlText, activity.Mentions, activity.Recipient?.Id);
        var mentionsBot = activity.Recipient is { } bot && activity.Mentions.Any(m => m.Id == bot.Id);
        var at = MessageTime(activity.Id, activity.Timestamp);
        var eventId = EventId("msg", activity.ConversationId!, activity.Id ?? "");
        if (!IsChannel(activity))
        {
            // A chat: a personal chat is all commands; a group chat only what mentions the bot.
            if (activity.ConversationType == "groupChat" && !mentionsBot)
                return null;
            return new CommandEvent(eventId, channel, User(from), at, text) { MessageId = activity.Id };
        }
        if (root is not null && root != activity.Id)
        {
            // In a thread. `@DesignBot start …` there starts a review (its thread is where it was typed); anything else is a reply.
            if (mentionsBot && CommandParser.Parse(text).Name == CommandName.Start)
                return new CommandEvent(eventId, channel, User(from), at, text) { MessageId = activity.Id, ThreadId = root };
            return new ThreadReplyEvent(eventId, channel, User(from), at, root, activity.Id ?? "", text);
        }
        // A new channel post: a command when it mentions the bot; the team's own chatter otherwise (the bot reads it by RSC).
        return mentionsBot ? new CommandEvent(eventId, channel, User(from), at, text) { MessageId = activity.Id } : null;
    }

    private static ReplyEditedEvent? Edit(Activity activity, ChannelAccount from)
    {
        var (channel, root) = Where(activity);
        if (activity.Id is not { } id || root is null || root == id || activity.EventType is not ("editMessage" or "undeleteMessage"))
            return null;
        var text = TeamsText.ToPlain(activity.Text ?? activity.HtmlText, activity.Mentions, activity.Recipient?.Id);
        var at = activity.Timestamp ?? MessageTime(id, null);
        // The edited text is part of the id: two different edits of one message are two events.
        return new ReplyEditedEvent(EventId("edit", activity.ConversationId!, $"{id}|{text}"), channel, User(from), at, root, id, text, MessageTime(id, activity.Timestamp));
    }

    private static ReplyDeletedEvent? Delete(Activity activity, ChannelAccount from)
    {
        var (channel, root) = Where(activity);
        if (activity.Id is not { } id || root is null || root == id)
            return null;
        return new ReplyDeletedEvent(EventId("delete", activity.ConversationId!, id), channel, User(from), activity.Timestamp ?? MessageTime(id, null), root, id);
    }

    private static ButtonPressedEvent? CardAction(Activity activity, ChannelAccount from)
    {
        // value: { action: { type: "Action.Execute", verb, data: { actionId, value } }, trigger }
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
            return null;
        var data = action.TryGetProperty("data", out var d) ? Button(d) : null;
        var actionId = data?.ActionId ?? Activity.Str(action, "verb");
        if (string.IsNullOrEmpty(actionId))
            return null;
        var (channel, root) = Where(activity);
        return Pressed(activity, from, channel, root, actionId, data?.Value ?? "");
    }

    private static ButtonPressedEvent? Pressed(Activity activity, ChannelAccount from, ChannelRef channel, string? root, string actionId, string value)
    {
        if (activity.ReplyToId is not { } messageId)
            return null;
        // A card inside a step thread is pressed in that thread; a top-level card (the review card) is in none.
        var thread = root is not null && root != messageId ? root : null;
        return new ButtonPressedEvent(EventId("press", activity.ConversationId!, activity.Id ?? $"{messageId}|{from.Id}|{actionId}|{value}"),
            channel, User(from), activity.Timestamp ?? DateTimeOffset.UnixEpoch, thread, messageId, actionId, value);
    }

    /// <summary>
    /// The bot was added to a team: a short welcome in the team's channel, as the reply to a `help` (which says how to
    /// start). Other membership changes are not events.
    /// </summary>
    private static CommandEvent? Welcome(Activity activity, ChannelAccount from)
    {
        if (activity.Recipient is not { } bot || !activity.MembersAdded.Contains(bot.Id) || !IsChannel(activity))
            return null;
        var (channel, _) = Where(activity);
        return new CommandEvent(EventId("welcome", activity.ConversationId!, activity.Id ?? ""), channel, User(from), activity.Timestamp ?? DateTimeOffset.UnixEpoch, "help");
    }

    /// <summary>The channel (with the address to post there) and the thread root, when the conversation is a channel thread.</summary>
    public static (ChannelRef Channel, string? Root) Where(Activity activity)
    {
        var (conversation, root) = TeamsAddress.SplitConversation(activity.ConversationId!);
        var isChannel = IsChannel(activity);
        var id = isChannel ? activity.TeamsChannelId ?? conversation : activity.ConversationId!;
        var address = new TeamsAddress(activity.ServiceUrl!, activity.TenantId, activity.TeamId, id, isChannel);
        return (new ChannelRef(Platform, id) { Address = address.Encode() }, isChannel ? root : null);
    }

    private static bool IsChannel(Activity activity) =>
        activity.ConversationType is "channel" || (activity.ConversationType is null && activity.TeamsChannelId is not null);

    /// <summary>
    /// A channel message id is its send time in epoch milliseconds, the same clock as the ids of the bot's own posts, so the
    /// timestamp rule compares like with like; the activity's timestamp when the id is no such number.
    /// </summary>
    public static DateTimeOffset MessageTime(string? id, DateTimeOffset? timestamp)
    {
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is > 1_000_000_000_000 and < 100_000_000_000_000)
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return timestamp ?? DateTimeOffset.UnixEpoch;
    }

    private static UserRef User(ChannelAccount from) => new(from.Id, from.Name);

    private static (string ActionId, string Value)? Button(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || Activity.Str(data, ActionIdField) is not { Length: > 0 } actionId)
            return null;
        return (actionId, Activity.Str(data, ActionValueField) ?? "");
    }

    // Short, stable and safe in any store's key.
    private static string EventId(string kind, string conversation, string id) =>
        $"teams-{kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{conversation}\n{id}")).AsSpan(0, 16))}";
}
