using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DesignBot.Core.Events;

namespace DesignBot.Slack;

/// <summary>What a Slack payload is for the bot: an event, the url_verification challenge, nothing (ignored), or malformed.</summary>
public sealed record SlackMapResult(InboundEvent? Event, string? Challenge = null, string? Ignored = null, string? Error = null)
{
    public static SlackMapResult Ignore(string why) => new(null, Ignored: why);
    public static SlackMapResult Malformed(string reason) => new(null, Error: reason);
}

/// <summary>
/// Slack payloads → neutral inbound events, as pure functions (Events API bodies, slash command forms, block_actions).
/// Event ids come from Slack (event_id, trigger_id, the press's action_ts), never from a clock: a retry maps to the same
/// id and the inbox acknowledges it as a duplicate. The bot's own and other bots' messages map to nothing.
/// Users arrive as ids only; the pipeline fills in their names after the ack.
/// </summary>
public static class SlackMapper
{
    public const string Platform = "slack";

    public static ChannelRef Channel(string channelId) => new(Platform, channelId) { Address = channelId };

    /// <summary>A body sent to the Events API request URL (or a Socket Mode events_api payload).</summary>
    public static SlackMapResult FromEventsBody(JsonElement body, SlackIdentity self, Func<string, string?>? nameOf = null)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return SlackMapResult.Malformed("The body must be a JSON object.");
        switch (Str(body, "type"))
        {
            case "url_verification":
                return Str(body, "challenge") is { } challenge
                    ? new SlackMapResult(null, Challenge: challenge)
                    : SlackMapResult.Malformed("url_verification needs a \"challenge\" string.");
            case "event_callback":
                if (Str(body, "event_id") is not { } eventId || !IsSafeId(eventId))
                    return SlackMapResult.Malformed("event_callback needs an \"event_id\" of 1 to 100 letters, digits, '-', '_' or '.'.");
                if (!body.TryGetProperty("event", out var inner) || inner.ValueKind != JsonValueKind.Object)
                    return SlackMapResult.Malformed("event_callback needs an \"event\" object.");
                return FromEvent($"slack-{eventId}", inner, self, nameOf);
            case null:
                return SlackMapResult.Malformed("The body needs a \"type\" string.");
            default:
                return SlackMapResult.Ignore($"Events API body of type '{Str(body, "type")}'.");
        }
    }

    /// <summary>The inner <c>event</c> of an event_callback.</summary>
    public static SlackMapResult FromEvent(string eventId, JsonElement evt, SlackIdentity self, Func<string, string?>? nameOf = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        return Str(evt, "type") switch
        {
            "app_mention" => FromMention(eventId, evt, self, nameOf),
            "message" => Str(evt, "subtype") switch
            {
                null or "thread_broadcast" or "file_share" => FromMessage(eventId, evt, self, nameOf),
                "message_changed" => FromChange(eventId, evt, self, nameOf),
                "message_deleted" => FromDeletion(eventId, evt, self),
                var other => SlackMapResult.Ignore($"message subtype '{other}'."),
            },
            null => SlackMapResult.Malformed("The event needs a \"type\" string."),
            var other => SlackMapResult.Ignore($"event type '{other}'."),
        };
    }

    private static SlackMapResult FromMention(string eventId, JsonElement evt, SlackIdentity self, Func<string, string?>? nameOf)
    {
        if (Required(evt, out var channel, out var ts, out var error) is false)
            return SlackMapResult.Malformed(error!);
        var user = Str(evt, "user");
        if (user is null || self.IsSelf(user, Str(evt, "bot_id")) || Str(evt, "bot_id") is not null)
            return SlackMapResult.Ignore("a bot's mention.");
        if (!SlackTs.TryParse(ts, out var at))
            return SlackMapResult.Malformed($"\"ts\" is not a Slack timestamp: '{Short(ts)}'.");
        if (StripMention(Str(evt, "text"), self.UserId) is not { } command)
            return SlackMapResult.Ignore("a mention that does not start the message (it is read as a reply where it is one).");
        var threadTs = Str(evt, "thread_ts");
        return new SlackMapResult(new CommandEvent(eventId, Channel(channel!), new UserRef(user, ""), at, SlackMarkup.Decode(command, nameOf).Trim())
        {
            UnnamedMentions = SlackMarkup.UnnamedMentions(command, nameOf),
            MessageId = ts,
            ThreadId = threadTs is not null && threadTs != ts ? threadTs : null,
        });
    }

    private static SlackMapResult FromMessage(string eventId, JsonElement evt, SlackIdentity self, Func<string, string?>? nameOf)
    {
        if (Required(evt, out var channel, out var ts, out var error) is false)
            return SlackMapResult.Malformed(error!);
        var user = Str(evt, "user");
        if (Str(evt, "bot_id") is not null || self.IsSelf(user, null))
            return SlackMapResult.Ignore("a bot's message.");
        if (user is null)
            return SlackMapResult.Ignore("a message without a user.");
        var threadTs = Str(evt, "thread_ts");
        if (threadTs is null || threadTs == ts)
            return SlackMapResult.Ignore("a channel message (not in a thread).");
        var text = Str(evt, "text") ?? "";
        if (StripMention(text, self.UserId) is not null)
            return SlackMapResult.Ignore("a message that mentions the bot first (the app_mention event carries it).");
        if (!SlackTs.TryParse(ts, out var at))
            return SlackMapResult.Malformed($"\"ts\" is not a Slack timestamp: '{Short(ts)}'.");
        return new SlackMapResult(new ThreadReplyEvent(eventId, Channel(channel!), new UserRef(user, ""), at, threadTs, ts!, SlackMarkup.Decode(text, nameOf))
        {
            UnnamedMentions = SlackMarkup.UnnamedMentions(text, nameOf),
        });
    }

    private static SlackMapResult FromChange(string eventId, JsonElement evt, SlackIdentity self, Func<string, string?>? nameOf)
    {
        if (Str(evt, "channel") is not { } channel)
            return SlackMapResult.Malformed("message_changed needs a \"channel\" string.");
        if (!evt.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            return SlackMapResult.Malformed("message_changed needs a \"message\" object.");
        var user = Str(message, "user");
        if (Str(message, "bot_id") is not null || Str(message, "subtype") is "bot_message" || self.IsSelf(user, null))
            return SlackMapResult.Ignore("a bot's message changed.");
        if (Str(message, "subtype") is "tombstone" || user is null)
            return SlackMapResult.Ignore("a deleted thread parent.");
        var ts = Str(message, "ts");
        var threadTs = Str(message, "thread_ts");
        if (ts is null || threadTs is null || threadTs == ts)
            return SlackMapResult.Ignore("a channel message changed (not a reply in a thread).");
        var text = Str(message, "text") ?? "";
        if (evt.TryGetProperty("previous_message", out var previous) && previous.ValueKind == JsonValueKind.Object && Str(previous, "text") == text)
            return SlackMapResult.Ignore("a change that leaves the text as it was (an unfurl, a reaction count).");
        if (!SlackTs.TryParse(ts, out var sentAt))
            return SlackMapResult.Malformed($"\"message.ts\" is not a Slack timestamp: '{Short(ts)}'.");
        var editedTs = message.TryGetProperty("edited", out var edited) && edited.ValueKind == JsonValueKind.Object ? Str(edited, "ts") : null;
        if (!SlackTs.TryParse(editedTs ?? Str(evt, "ts"), out var at))
            at = sentAt;
        return new SlackMapResult(new ReplyEditedEvent(eventId, Channel(channel), new UserRef(user, ""), at, threadTs, ts, SlackMarkup.Decode(text, nameOf), sentAt)
        {
            UnnamedMentions = SlackMarkup.UnnamedMentions(text, nameOf),
        });
    }

    private static SlackMapResult FromDeletion(string eventId, JsonElement evt, SlackIdentity self)
    {
        if (Str(evt, "channel") is not { } channel)
            return SlackMapResult.Malformed("message_deleted needs a \"channel\" string.");
        if (!evt.TryGetProperty("previous_message", out var previous) || previous.ValueKind != JsonValueKind.Object)
            return SlackMapResult.Ignore("a deletion that does not say what was deleted.");
        var user = Str(previous, "user");
        if (Str(previous, "bot_id") is not null || self.IsSelf(user, null) || user is null)
            return SlackMapResult.Ignore("a bot's message deleted.");
        var deletedTs = Str(evt, "deleted_ts") ?? Str(previous, "ts");
        var threadTs = Str(previous, "thread_ts");
        if (deletedTs is null || threadTs is null || threadTs == deletedTs)
            return SlackMapResult.Ignore("a channel message deleted (not a reply in a thread).");
        if (!SlackTs.TryParse(Str(evt, "event_ts") ?? Str(evt, "ts"), out var at) && !SlackTs.TryParse(deletedTs, out at))
            return SlackMapResult.Malformed("message_deleted needs a Slack timestamp in \"ts\".");
        return new SlackMapResult(new ReplyDeletedEvent(eventId, Channel(channel), new UserRef(user, ""), at, threadTs, deletedTs));
    }

    /// <summary>
    /// A slash command's form (<c>/design start URL shortener</c>: text "start URL shortener"). Slack sends no event id:
    /// the trigger_id, unique per invocation, is the event id. Slack's time is not in the form, so At is the intake's.
    /// </summary>
    public static SlackMapResult FromCommand(IReadOnlyDictionary<string, string> form, DateTimeOffset now, Func<string, string?>? nameOf = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        foreach (var key in new[] { "command", "channel_id", "user_id", "trigger_id" })
        {
            if (!form.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
                return SlackMapResult.Malformed($"A slash command needs \"{key}\".");
        }
        var text = form.TryGetValue("text", out var t) ? t : "";
        return new SlackMapResult(new CommandEvent($"slack-cmd-{Hash(form["trigger_id"])}", Channel(form["channel_id"]), new UserRef(form["user_id"], ""), now, SlackMarkup.Decode(text, nameOf).Trim())
        {
            UnnamedMentions = SlackMarkup.UnnamedMentions(text, nameOf),
        });
    }

    /// <summary>An interactivity payload (the form's <c>payload</c> JSON). Only button presses on the bot's messages are events.</summary>
    public static SlackMapResult FromInteraction(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            return SlackMapResult.Malformed("The payload must be a JSON object.");
        var type = Str(payload, "type");
        if (type is null)
            return SlackMapResult.Malformed("The payload needs a \"type\" string.");
        if (type != "block_actions")
            return SlackMapResult.Ignore($"interaction of type '{type}'.");
        var user = payload.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? Str(u, "id") : null;
        if (user is null)
            return SlackMapResult.Malformed("block_actions needs \"user.id\".");
        var container = payload.TryGetProperty("container", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var message = payload.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var channel = (payload.TryGetProperty("channel", out var ch) && ch.ValueKind == JsonValueKind.Object ? Str(ch, "id") : null) ?? Str(container, "channel_id");
        var messageTs = Str(container, "message_ts") ?? Str(message, "ts");
        if (channel is null || messageTs is null)
            return SlackMapResult.Ignore("a press outside a channel message (a modal, the app home).");
        if (!payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
            return SlackMapResult.Malformed("block_actions needs a non-empty \"actions\" array.");
        var action = actions[0];
        if (action.ValueKind != JsonValueKind.Object || Str(action, "action_id") is not { } actionId)
            return SlackMapResult.Malformed("The action needs an \"action_id\" string.");
        if (Str(action, "type") is { } kind && kind != "button")
            return SlackMapResult.Ignore($"an action of type '{kind}'.");
        var actionTs = Str(action, "action_ts") ?? Str(payload, "trigger_id") ?? messageTs;
        if (!SlackTs.TryParse(actionTs, out var at) && !SlackTs.TryParse(messageTs, out at))
            return SlackMapResult.Malformed("block_actions needs a Slack timestamp in \"action_ts\" or the message's \"ts\".");
        var threadTs = Str(message, "thread_ts") ?? Str(container, "thread_ts");
        var eventId = $"slack-act-{Hash($"{channel}|{messageTs}|{actionTs}|{user}|{actionId}")}";
        return new SlackMapResult(new ButtonPressedEvent(eventId, Channel(channel), new UserRef(user, ""), at,
            threadTs is not null && threadTs != messageTs ? threadTs : null, messageTs, SlackBlockKit.NeutralActionId(actionId), Str(action, "value") ?? ""));
    }

    /// <summary>The text after a leading mention of the bot (<c>&lt;@U123&gt; start X</c> → "start X"); null when it does not start with one.</summary>
    public static string? StripMention(string? text, string botUserId)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var trimmed = text.TrimStart();
        var plain = $"<@{botUserId}>";
        if (trimmed.StartsWith(plain, StringComparison.Ordinal))
            return trimmed[plain.Length..];
        var labelled = $"<@{botUserId}|";
        if (trimmed.StartsWith(labelled, StringComparison.Ordinal) && trimmed.IndexOf('>', StringComparison.Ordinal) is var end and > 0)
            return trimmed[(end + 1)..];
        return null;
    }

    private static bool Required(JsonElement evt, out string? channel, out string? ts, out string? error)
    {
        channel = Str(evt, "channel");
        ts = Str(evt, "ts");
        error = channel is null ? $"A {Str(evt, "type")} event needs a \"channel\" string."
            : ts is null ? $"A {Str(evt, "type")} event needs a \"ts\" string." : null;
        return error is null;
    }

    internal static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsSafeId(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Short(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    // Short, and safe in any store's key (hex only).
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}
