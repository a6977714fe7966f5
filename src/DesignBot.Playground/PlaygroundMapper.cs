using System.Security.Cryptography;
using System.Text;
using DesignBot.Core.Events;

namespace DesignBot.Playground;

/// <summary>
/// Playground requests → neutral inbound events, as pure functions. Every event id is derived from the playground
/// message (and, for edits and presses, its revision), never from a clock or a random number: a retried identical
/// request maps to the same event id, and the inbox acknowledges it as a duplicate.
/// </summary>
public static class PlaygroundMapper
{
    public static readonly ChannelRef Channel = new(PlaygroundChannelClient.PlatformName, "general");

    private static readonly string[] s_commandPrefixes = ["/design", "@DesignBot"];

    /// <summary>
    /// A message starting with /design (or @DesignBot) is a command, in the channel or in a thread (as an @mention is on a
    /// chat platform), carrying its message id and its thread; any other thread message is a reply; other channel
    /// chatter is no event.
    /// </summary>
    public static InboundEvent? FromPost(PlaygroundMessage message)
    {
        var eventId = $"pg-{message.Id}";
        if (CommandText(message.Text) is { } command)
            return new CommandEvent(eventId, Channel, User(message.User), message.Ts, command) { MessageId = message.Id, ThreadId = message.ThreadId };
        return message.ThreadId is null ? null : new ThreadReplyEvent(eventId, Channel, User(message.User), message.Ts, message.ThreadId, message.Id, message.Text);
    }

    /// <summary>The command a message gives without its prefix ("/design status" → "status"); null when it gives none.</summary>
    private static string? CommandText(string message)
    {
        var text = message.TrimStart();
        foreach (var prefix in s_commandPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (text.Length == prefix.Length || char.IsWhiteSpace(text[prefix.Length])))
                return text[prefix.Length..].Trim();
        }
        return null;
    }

    /// <summary>
    /// The revision <paramref name="original"/> has once its text is <paramref name="text"/>: one more than now, or the
    /// same when the text is already that (a retry of an edit that went through).
    /// </summary>
    public static int RevisionAfterEdit(PlaygroundMessage original, string text) =>
        string.Equals(original.Text, text, StringComparison.Ordinal) ? original.Revision : original.Revision + 1;

    /// <summary>An edit of a thread reply; null for channel messages and commands (commands are not re-run) and for an edit that changes nothing.</summary>
    public static ReplyEditedEvent? FromEdit(PlaygroundMessage original, string text, DateTimeOffset at)
    {
        var revision = RevisionAfterEdit(original, text);
        if (original.ThreadId is null || revision == 0 || CommandText(original.Text) is not null)
            return null;
        // The new text is part of the id: an edit accepted but never shown (a crash, a lost race) must not make a later,
        // different edit from the same revision look like its retry.
        return new ReplyEditedEvent($"pg-{original.Id}-edit-{revision}-{Hash(text)}", Channel, User(original.User), at, original.ThreadId, original.Id, text, original.Ts);
    }

    /// <summary>A deletion of a thread reply; null for channel messages.</summary>
    public static ReplyDeletedEvent? FromDelete(PlaygroundMessage original, DateTimeOffset at) =>
        original.ThreadId is null ? null : new ReplyDeletedEvent($"pg-{original.Id}-delete", Channel, User(original.User), at, original.ThreadId, original.Id);

    /// <summary>
    /// A press of a button on the bot's message <paramref name="pressed"/>. The same user pressing the same button on the
    /// same revision of the message is one press; a press after the bot updated the message is a new one.
    /// </summary>
    public static ButtonPressedEvent FromAction(PlaygroundMessage pressed, string user, string actionId, string value, DateTimeOffset at)
    {
        var press = Hash($"{user.Length}:{user}|{actionId.Length}:{actionId}|{value}");
        return new ButtonPressedEvent($"pg-{pressed.Id}-r{pressed.Revision}-press-{press}", Channel, User(user), at, pressed.ThreadId, pressed.Id, actionId, value);
    }

    private static UserRef User(string name) => new(name, name);

    // Short, and safe in any store's key (hex only).
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}
