using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Turns;

/// <summary>
/// Posts neutral messages to one platform (rendering them to its format). Implemented by each channel adapter.
/// Throw <see cref="ChannelSendException"/> for failures; Transient ones are retried, honouring RetryAfter.
/// </summary>
public interface IChannelClient
{
    /// <summary>The platform name in <see cref="ChannelRef.Platform"/> this client serves.</summary>
    string Platform { get; }

    /// <summary>Posts a message, in a thread when threadId is set. The idempotency key is unique per queued message.</summary>
    Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Replaces an earlier message in place.</summary>
    Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default);
}

public sealed class ChannelSendException(string message, bool transient, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool Transient { get; } = transient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
