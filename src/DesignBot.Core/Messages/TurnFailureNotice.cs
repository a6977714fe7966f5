using System.Security.Cryptography;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Messages;

/// <summary>
/// What the user sees when a turn fails for good: a friendly line where the event came from (its thread, or the
/// channel for a command) with a short error id that the log line carries too, so an admin can find the cause.
/// </summary>
public static class TurnFailureNotice
{
    /// <summary>8 hex characters: short enough to read out, random enough to find one log line.</summary>
    public static string NewErrorId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static string Text(InboundEvent inbound, string errorId) =>
        $"Sorry — I couldn't process that {(inbound is CommandEvent ? "command" : "message")} (error {errorId}). " +
        "Nothing was stored from it: please send it again, or tell your admin.";

    /// <summary>
    /// The decision that marks the failed event processed and tells its author. It concerns no review (the review may
    /// be what failed), so the line goes to the channel's queue, into the event's thread directly.
    /// </summary>
    public static Decision For(InboundEvent inbound, string errorId)
    {
        var message = new OutboundMessage($"error:{inbound.EventId}", inbound.Channel, ReviewMessages.Text(Text(inbound, errorId)))
        {
            ThreadId = inbound.ThreadOf(),
            // A failed command is answered like any command reply: to its author only, where the platform allows.
            VisibleTo = inbound is CommandEvent ? inbound.User.Id : null,
        };
        return Decision.ChannelOnly([message]);
    }
}
