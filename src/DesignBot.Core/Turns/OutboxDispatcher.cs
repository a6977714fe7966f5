using DesignBot.Core.Diagnostics;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DesignBot.Core.Turns;

/// <summary>Paced: given back until the platform's rate allows it (not a failure).</summary>
public enum DispatchOutcome { Sent, Retrying, GaveUp, LeaseLost, Paced }

/// <summary>What happened to a message; Next is the review's following message, already claimed, when it was due.</summary>
public sealed record DispatchResult(OutboxItem Item, DispatchOutcome Outcome, string? Error)
{
    public OutboxItem? Next { get; init; }
}

/// <summary>
/// Sends queued messages: claims due messages (one per review at a time, so threads stay in order),
/// resolves thread and update targets to platform ids, paces by each client's policy, posts, and records where each
/// landed. Failures retry with exponential backoff, honouring the platform's Retry-After; a send whose outcome is
/// unknown is looked up on the platform before it is posted again; a post that gives up for good is announced in its thread.
/// Links to the review's own messages (<see cref="Link.MessageKey"/>) are asked of the platform as the message goes out.
/// </summary>
public sealed class OutboxDispatcher(IReviewStore store, IEnumerable<IChannelClient> clients, TimeProvider clock, string owner, PostRecordedSignal? postRecorded = null)
{
    public const int MaxAttempts = 12;

    /// <summary>How many queues one <see cref="DispatchOnceAsync"/> sends at once (and so claims at most).</summary>
    public const int MaxParallelSends = 16;
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, IChannelClient> _clients = clients.ToDictionary(c => c.Platform, StringComparer.OrdinalIgnoreCase);
    private readonly SendPacer _pacer = new(clock);

    public string Owner { get; } = owner;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The longest the platform is asked for one message link before the link's fallback URL is used.</summary>
    public static readonly TimeSpan LinkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Claims and sends one batch; returns what happened to each message (empty when nothing was due).</summary>
    public async Task<IReadOnlyList<DispatchResult>> DispatchOnceAsync(int max = MaxParallelSends, CancellationToken cancellationToken = default)
    {
        // No more claims than run at once: a claimed head waiting for a free slot could outlive its lease.
        var items = await ClaimAsync(Math.Min(max, MaxParallelSends), cancellationToken);
        if (items.Count == 0)
            return [];
        var results = new List<DispatchResult>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken }, async (item, ct) =>
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
    /// <para>
    /// A post whose earlier attempt had an unknown outcome (<see cref="OutboxItem.OutcomeUnknown"/>) is first looked up
    /// on the platform by its idempotency key, and recorded where it landed instead of being posted again. A send that
    /// times out, or fails with anything but a <see cref="ChannelSendException"/>, may have landed: it is retried with
    /// its outcome unknown. Every send waits for its slot under the client's <see cref="PacingPolicy"/>; a slot further
    /// away than <see cref="MaxPacedWait"/> gives the message back until then rather than holding its lease.
    /// </para>
    /// </summary>
    public async Task<DispatchResult> SendAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        // The send's span continues the trace of the turn that queued the message.
        using var activity = DesignBotTelemetry.StartSend(item);
        DispatchResult result;
        try
        {
            result = await SendAndRecordAsync(item, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store failed while giving the message back or up: the row stays leased until its lease runs out, and
            // the next claim (here or on another host) takes it with its outcome unknown. Say so instead of throwing.
            result = new DispatchResult(item, DispatchOutcome.LeaseLost, $"The store failed while settling the message: {ex.Message}");
        }
        DesignBotTelemetry.SendDone(activity, item, result.Outcome, result.Error, clock.GetUtcNow());
        return result;
    }

    private async Task<DispatchResult> SendAndRecordAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var progress = new SendProgress();
        PostedMessage? posted;
        // One budget for the whole attempt (lookup, pacing wait, post), so it ends well inside the lease: otherwise
        // this host's next search would claim (and post) the message again.
        using var timeout = new CancellationTokenSource(SendTimeout, clock);
        using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var step = await PostOrUpdateAsync(item, progress, attemptCancellation.Token);
            if (step.Failure is { } failure)
                return await GiveUpAsync(item, failure, progress.ThreadId, cancellationToken);
            if (step.PacedUntil is { } pacedUntil)
            {
                // Nothing was tried, so no attempt is counted: a paced message never nears its give-up.
                await store.DeferOutboxAsync(item, pacedUntil, progress.OutcomeStillUnknown(item), cancellationToken);
                return new DispatchResult(item, DispatchOutcome.Paced, null);
            }
            posted = step.Posted;
        }
        catch (ChannelSendException ex) when (ex.Transient && item.Attempts + 1 < MaxAttempts)
        {
            // The platform answered with an error, so this attempt posted nothing; an earlier one still may have.
            return await RetryAsync(item, ex.RetryAfter ?? Backoff(item.Attempts), ex.Message, progress.OutcomeStillUnknown(item), cancellationToken);
        }
        catch (ChannelSendException ex)
        {
            return await GiveUpAsync(item, ex.Message, progress.ThreadId, cancellationToken);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The platform did not answer in time: the message may have landed, its outcome is unknown.
            var error = $"The platform did not answer within {SendTimeout.TotalSeconds:0} s.";
            if (item.Attempts + 1 >= MaxAttempts)
                return await GiveUpAsync(item, error, progress.ThreadId, cancellationToken);
            return await RetryAsync(item, Backoff(item.Attempts), error, outcomeUnknown: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && item.Attempts + 1 < MaxAttempts)
        {
            // A send that timed out or broke mid-flight (network, an adapter's bug) may have landed: its outcome is unknown.
            return await RetryAsync(item, Backoff(item.Attempts), ex.Message, outcomeUnknown: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await GiveUpAsync(item, ex.Message, progress.ThreadId, cancellationToken);
        }

        // Posted: record it. A recording failure must not count as a failed send (that would post it twice).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancellable: a post that landed is recorded even when the caller gives up (else it is posted twice).
                var next = await store.CompleteAndClaimNextAsync(item, posted, Lease, clock.GetUtcNow(), CancellationToken.None);
                if (posted is not null && item.ReviewId is { } reviewId)
                    postRecorded?.Recorded(reviewId);
                return new DispatchResult(item, DispatchOutcome.Sent, null) { Next = next };
            }
            catch (LeaseLostException ex)
            {
                return new DispatchResult(item, DispatchOutcome.LeaseLost, ex.Message);
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), CancellationToken.None);
            }
        }
    }

    /// <summary>The longest one attempt (a lookup, its pacing wait and the post or update) may take; well inside <see cref="Lease"/>.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The longest a send waits here for its pacing slot (part of <see cref="SendTimeout"/>); a longer wait gives the message back.</summary>
    public static readonly TimeSpan MaxPacedWait = TimeSpan.FromSeconds(5);

    /// <summary>What one send learned on the way: the thread it goes to, and whether the platform was asked for an earlier post.</summary>
    private sealed class SendProgress
    {
        public string? ThreadId { get; set; }
        public bool LookedUp { get; set; }

        /// <summary>An unknown earlier outcome stays unknown until the platform said the message is not there.</summary>
        public bool OutcomeStillUnknown(OutboxItem item) => item.OutcomeUnknown && !LookedUp;
    }

    /// <summary>One of: posted (Posted, or null for an update), never sendable (Failure), or to come back later (PacedUntil).</summary>
    private sealed record SendStep(PostedMessage? Posted, string? Failure = null, DateTimeOffset? PacedUntil = null);

    // Resolves thread and update targets, looks for an earlier post when its outcome is unknown, waits for the
    // pacing slot, then posts or updates.
    private async Task<SendStep> PostOrUpdateAsync(OutboxItem item, SendProgress progress, CancellationToken cancellationToken)
    {
        var message = item.Message;
        if (!_clients.TryGetValue(message.Channel.Platform, out var client))
            return new SendStep(null, $"No channel client for platform '{message.Channel.Platform}'.");
        if (message.ReplacesKey is { } replaces)
        {
            var target = item.ReviewId is null ? null : await store.FindPostedAsync(item.ReviewId, replaces, cancellationToken);
            if (target is null)
                return new SendStep(null, $"Message '{replaces}' to update was never posted.");
            if (await PaceAsync(client, message, target.ThreadId == target.MessageId ? null : target.ThreadId, cancellationToken) is { } later)
                return new SendStep(null, PacedUntil: later);
            await client.UpdateAsync(message.Channel, target, await WithMessageLinksAsync(client, item, cancellationToken), cancellationToken);
            return new SendStep(null);
        }
        var threadId = message.ThreadId;
        if (message.ThreadRootKey is { } rootKey)
        {
            var root = item.ReviewId is null ? null : await store.FindPostedAsync(item.ReviewId, rootKey, cancellationToken);
            if (root is null)
                return new SendStep(null, $"Thread root '{rootKey}' was never posted.");
            threadId = root.ThreadId;
        }
        progress.ThreadId = threadId;
        if (item.OutcomeUnknown)
        {
            // An earlier attempt may have landed (it timed out, or a crash cut it off): record that post, do not repeat it.
            var found = await client.FindPostedAsync(message.Channel, threadId, item.IdempotencyKey, cancellationToken);
            if (found is not null)
                return new SendStep(found);
            progress.LookedUp = true;
        }
        if (await PaceAsync(client, message, threadId, cancellationToken) is { } pacedUntil)
            return new SendStep(null, PacedUntil: pacedUntil);
        message = await WithMessageLinksAsync(client, item, cancellationToken);
        return new SendStep(await client.PostAsync(message.Channel, threadId, message, item.IdempotencyKey, cancellationToken));
    }

    // The message with each link to one of the review's posted messages pointing where the platform says it is; a link
    // whose target was never posted, or that the platform cannot give, keeps its fallback URL (the send goes on).
    private async Task<OutboundMessage> WithMessageLinksAsync(IChannelClient client, OutboxItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        if (!message.Body.Blocks.OfType<LinksBlock>().Any(b => b.Links.Any(l => l.MessageKey is not null)))
            return message;
        var blocks = new List<Block>(message.Body.Blocks.Count);
        foreach (var block in message.Body.Blocks)
        {
            if (block is not LinksBlock links || links.Links.All(l => l.MessageKey is null))
            {
                blocks.Add(block);
                continue;
            }
            var resolved = new List<Link>(links.Links.Count);
            foreach (var link in links.Links)
                resolved.Add(link.MessageKey is { } key && await LinkToAsync(client, item, key, cancellationToken) is { } url ? link with { Url = url } : link);
            blocks.Add(new LinksBlock(resolved));
        }
        return message with { Body = message.Body with { Blocks = blocks } };
    }

    private async Task<string?> LinkToAsync(IChannelClient client, OutboxItem item, string key, CancellationToken cancellationToken)
    {
        var target = item.ReviewId is null ? null : await store.FindPostedAsync(item.ReviewId, key, cancellationToken);
        if (target is null)
        {
            Log.MessageLinkFallback(Logger, item.Message.Key, key, "the message was never posted");
            return null;
        }
        // Its own budget inside the send's: a slow link lookup costs the link, not the send.
        using var timeout = new CancellationTokenSource(LinkTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var url = await client.LinkToAsync(item.Message.Channel, target, linked.Token);
            if (string.IsNullOrEmpty(url))
                Log.MessageLinkFallback(Logger, item.Message.Key, key, "the platform gave no link");
            return string.IsNullOrEmpty(url) ? null : url;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.MessageLinkFallback(Logger, item.Message.Key, key, ex is OperationCanceledException ? "the platform did not answer in time" : ex.GetType().Name);
            return null;
        }
    }

    // Waits for the send's slot under the client's pacing policy; when that is too far away, returns when to come back.
    private async Task<DateTimeOffset?> PaceAsync(IChannelClient client, OutboundMessage message, string? threadId, CancellationToken cancellationToken)
    {
        var pacing = client.Pacing;
        if (pacing.PerConversation.Count + pacing.PerAccount.Count == 0)
            return null;
        var limits = new List<PaceLimit>(pacing.PerConversation.Count + pacing.PerAccount.Count);
        if (pacing.PerConversation.Count > 0)
        {
            var conversation = $"{client.Platform}|conversation|{pacing.ConversationOf(message.Channel, threadId)}";
            limits.AddRange(pacing.PerConversation.Select(rate => new PaceLimit(conversation, rate)));
        }
        if (pacing.PerAccount.Count > 0)
        {
            var account = $"{client.Platform}|account|{pacing.AccountOf(message.Channel)}";
            limits.AddRange(pacing.PerAccount.Select(rate => new PaceLimit(account, rate)));
        }
        var slot = _pacer.Reserve(limits, MaxPacedWait);
        if (!slot.Reserved)
            return slot.At;
        var wait = slot.At - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, clock, cancellationToken);
        return null;
    }

    private async Task<DispatchResult> RetryAsync(OutboxItem item, TimeSpan backoff, string error, bool outcomeUnknown, CancellationToken cancellationToken)
    {
        await store.RetryOutboxAsync(item, clock.GetUtcNow() + backoff, error, outcomeUnknown, cancellationToken);
        return new DispatchResult(item, DispatchOutcome.Retrying, error);
    }

    /// <summary>1 s, 2 s, 4 s … capped at 5 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)));

    /// <summary>The key of the notice that tells the thread a message gave up; such notices are not noticed again.</summary>
    public const string GaveUpKeyPrefix = "gave-up:";

    // A message that can never be sent is completed unsent, so the review's later messages are not stuck behind it.
    // A lost post (not an update of one: the next update shows the latest state anyway) is announced where it was to go,
    // through the outbox like any reply (paced, retried, queued once per message by its key) before it is completed.
    private async Task<DispatchResult> GiveUpAsync(OutboxItem item, string error, string? threadId, CancellationToken cancellationToken)
    {
        var message = item.Message;
        if (message.ReplacesKey is null && !message.Key.StartsWith(GaveUpKeyPrefix, StringComparison.Ordinal))
        {
            var notice = new OutboundMessage($"{GaveUpKeyPrefix}{item.IdempotencyKey}", message.Channel, GaveUpNotice(item.Attempts + 1, error))
            {
                ThreadId = threadId,
                VisibleTo = message.VisibleTo,
            };
            await CommitNoticeAsync(notice, cancellationToken);
        }
        await store.CompleteOutboxAsync(item, null, cancellationToken);
        return new DispatchResult(item, DispatchOutcome.GaveUp, error);
    }

    // The notice goes into the channel's queue, which other turns append to as well: a conflict there means another
    // commit got in first, and committing again is safe (the notice's key is queued once).
    private async Task CommitNoticeAsync(OutboundMessage notice, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([notice]), null, null), cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or TransientStoreException && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>What the thread reads when one of the bot's messages could not be posted for good.</summary>
    public static NeutralMessage GaveUpNotice(int attempts, string error)
    {
        var reason = error.Length <= 120 ? error : string.Concat(error.AsSpan(0, 119), "…");
        var text = $"I couldn't post a message here after {attempts} attempt{(attempts == 1 ? "" : "s")} (error: {reason}).";
        return new NeutralMessage(text, [new TextBlock(text)]);
    }
}
