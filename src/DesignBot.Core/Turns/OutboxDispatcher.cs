using DesignBot.Core.Diagnostics;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Core.Turns;

public enum DispatchOutcome { Sent, Retrying, GaveUp, LeaseLost }

/// <summary>What happened to a message; Next is the review's following message, already claimed, when it was due.</summary>
public sealed record DispatchResult(OutboxItem Item, DispatchOutcome Outcome, string? Error)
{
    public OutboxItem? Next { get; init; }
}

/// <summary>
/// Sends queued messages: claims due messages (one per review at a time, so threads stay in order),
/// resolves thread and update targets to platform ids, posts, and records where each landed.
/// Failures retry with exponential backoff, honouring the platform's Retry-After.
/// </summary>
public sealed class OutboxDispatcher(IReviewStore store, IEnumerable<IChannelClient> clients, TimeProvider clock, string owner, PostRecordedSignal? postRecorded = null)
{
    public const int MaxAttempts = 12;
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, IChannelClient> _clients = clients.ToDictionary(c => c.Platform, StringComparer.OrdinalIgnoreCase);

    public string Owner { get; } = owner;

    /// <summary>Claims and sends one batch; returns what happened to each message (empty when nothing was due).</summary>
    public async Task<IReadOnlyList<DispatchResult>> DispatchOnceAsync(int max = 64, CancellationToken cancellationToken = default)
    {
        var items = await ClaimAsync(max, cancellationToken);
        if (items.Count == 0)
            return [];
        var results = new List<DispatchResult>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            // Each review's queue is followed to its end (or to a message not yet due).
            for (OutboxItem? next = item; next is not null;)
            {
                var result = await SendAsync(next, ct);
                lock (results)
                    results.Add(result);
                next = result.Next;
            }
        });
        return results;
    }

    /// <summary>Claims the head of one review's (or channel's) queue, when due: used where messages were just queued.</summary>
    public Task<OutboxItem?> ClaimPartitionAsync(string partition, CancellationToken cancellationToken = default) =>
        store.ClaimPartitionHeadAsync(partition, Owner, Lease, clock.GetUtcNow(), cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> due messages, at most one per review (the head of its queue).</summary>
    public Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, CancellationToken cancellationToken = default) =>
        store.ClaimOutboxAsync(Owner, Lease, max, clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Sends one claimed message and records the outcome; never throws for a send failure. When it was sent, the
    /// review's next due message comes back claimed in <see cref="DispatchResult.Next"/>: send it next.
    /// </summary>
    public async Task<DispatchResult> SendAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        // The send's span continues the trace of the turn that queued the message.
        using var activity = DesignBotTelemetry.StartSend(item);
        var result = await SendAndRecordAsync(item, cancellationToken);
        DesignBotTelemetry.SendDone(activity, item, result.Outcome, result.Error, clock.GetUtcNow());
        return result;
    }

    private async Task<DispatchResult> SendAndRecordAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        PostedMessage? posted;
        try
        {
            // A send must end well inside the lease, or this host's next search would claim (and post) it again.
            using var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            sendTimeout.CancelAfter(SendTimeout);
            var (sent, failure) = await PostOrUpdateAsync(item, sendTimeout.Token);
            if (failure is not null)
                return await GiveUpAsync(item, failure, cancellationToken);
            posted = sent;
        }
        catch (ChannelSendException ex) when (ex.Transient && item.Attempts + 1 < MaxAttempts)
        {
            return await RetryAsync(item, ex.RetryAfter ?? Backoff(item.Attempts), ex.Message, cancellationToken);
        }
        catch (ChannelSendException ex)
        {
            return await GiveUpAsync(item, ex.Message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && item.Attempts + 1 < MaxAttempts)
        {
            // An adapter's unexpected failure (network, a send that timed out) is transient until attempts run out.
            return await RetryAsync(item, Backoff(item.Attempts), ex.Message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await GiveUpAsync(item, ex.Message, cancellationToken);
        }

        // Posted: record it. A recording failure must not count as a failed send (that would post it twice).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var next = await store.CompleteAndClaimNextAsync(item, posted, Lease, clock.GetUtcNow(), cancellationToken);
                if (posted is not null && item.ReviewId is { } reviewId)
                    postRecorded?.Recorded(reviewId);
                return new DispatchResult(item, DispatchOutcome.Sent, null) { Next = next };
            }
            catch (LeaseLostException ex)
            {
                return new DispatchResult(item, DispatchOutcome.LeaseLost, ex.Message);
            }
            catch (Exception) when (attempt < 5 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>The longest a single post or update may take; well inside <see cref="Lease"/>.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);

    // Resolves thread and update targets, then posts or updates; a reason when the message can never be sent.
    private async Task<(PostedMessage? Posted, string? Failure)> PostOrUpdateAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        if (!_clients.TryGetValue(message.Channel.Platform, out var client))
            return (null, $"No channel client for platform '{message.Channel.Platform}'.");
        if (message.ReplacesKey is { } replaces)
        {
            var target = item.ReviewId is null ? null : await store.FindPostedAsync(item.ReviewId, replaces, cancellationToken);
            if (target is null)
                return (null, $"Message '{replaces}' to update was never posted.");
            await client.UpdateAsync(message.Channel, target, message, cancellationToken);
            return (null, null);
        }
        var threadId = message.ThreadId;
        if (message.ThreadRootKey is { } rootKey)
        {
            var root = item.ReviewId is null ? null : await store.FindPostedAsync(item.ReviewId, rootKey, cancellationToken);
            if (root is null)
                return (null, $"Thread root '{rootKey}' was never posted.");
            threadId = root.ThreadId;
        }
        return (await client.PostAsync(message.Channel, threadId, message, item.IdempotencyKey, cancellationToken), null);
    }

    private async Task<DispatchResult> RetryAsync(OutboxItem item, TimeSpan backoff, string error, CancellationToken cancellationToken)
    {
        await store.RetryOutboxAsync(item, clock.GetUtcNow() + backoff, error, cancellationToken);
        return new DispatchResult(item, DispatchOutcome.Retrying, error);
    }

    /// <summary>1 s, 2 s, 4 s … capped at 5 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)));

    // A message that can never be sent is completed unsent, so the review's later messages are not stuck behind it.
    private async Task<DispatchResult> GiveUpAsync(OutboxItem item, string error, CancellationToken cancellationToken)
    {
        await store.CompleteOutboxAsync(item, null, cancellationToken);
        return new DispatchResult(item, DispatchOutcome.GaveUp, error);
    }
}
