using System.Diagnostics;
using DesignBot.Core.Diagnostics;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DesignBot.Core.Turns;

/// <summary>
/// The imperative shell around the engine: load what the event concerns, decide, commit.
/// A conflicting commit (another turn or host got there first) reloads and decides again.
/// An event that names its user by id only gets the name filled in first (<see cref="UserNames"/>), when given.
/// </summary>
public sealed class TurnProcessor(IReviewStore store, ReviewEngine engine, TimeProvider clock, PostRecordedSignal? postRecorded = null, Func<InboundEvent, string>? newReviewId = null, UserNames? userNames = null)
{
    /// <summary>Enough for many hosts answering into one review at once; each retry waits a little longer.</summary>
    public const int MaxAttempts = 40;

    /// <summary>
    /// How long a reply waits for the post of the question it may answer to be recorded before it looks again
    /// (a post recorded in this process wakes it at once), and how long in all before it decides anyway.
    /// </summary>
    public static readonly TimeSpan PostWait = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan DefaultPostWaitLimit = TimeSpan.FromSeconds(2);

    /// <summary>How long in all a reply waits for a pending post before it decides anyway (a host whose posts are held waits less).</summary>
    public TimeSpan PostWaitLimit { get; init; } = DefaultPostWaitLimit;

    private readonly KeyedLock _reviewLocks = new();

    /// <summary>Where turns report what an operator should know; silent unless set (the pipeline sets it).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    private readonly Func<InboundEvent, string> _newReviewId = newReviewId ?? ReviewIdFor;

    /// <summary>
    /// A review started by an event gets an id derived from the event's id: if two hosts (or a restart) process the
    /// same start, they decide the same review, and the store's applied-event check keeps it to one.
    /// </summary>
    public static string ReviewIdFor(InboundEvent inbound) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inbound.EventId)))[..16];

    /// <summary>Processes one accepted event; returns the decision that was committed.</summary>
    public async Task<Decision> ProcessAsync(InboundEvent inbound, CancellationToken cancellationToken = default)
    {
        using var activity = DesignBotTelemetry.StartTurn(inbound);
        if (userNames is not null)
            inbound = await userNames.ResolveAsync(inbound, cancellationToken);
        var newReviewId = _newReviewId(inbound);
        var conflicts = 0;
        long? waitingSince = null;
        Task? nextPost = null;
        while (true)
        {
            var decideAnyway = waitingSince is { } since && Stopwatch.GetElapsedTime(since) >= PostWaitLimit;
            if (decideAnyway)
                Log.DecidingWithoutPost(Logger, inbound.EventId, PostWaitLimit.TotalSeconds);
            var attempt = await TryOnceAsync(inbound, newReviewId, decideWithoutPendingPosts: decideAnyway, cancellationToken);
            if (attempt.Committed is { } decision)
                return decision;
            if (attempt.AwaitsPosts is { } reviewId)
            {
                // The question this reply may answer is being posted right now; its record follows in moments.
                // The first time, start listening and look once more (a record landing in between is not missed).
                if (postRecorded is not null && nextPost is null)
                {
                    nextPost = postRecorded.NextPost(reviewId);
                    continue;
                }
                waitingSince ??= Stopwatch.GetTimestamp(); // real time, like the pauses
                var pause = Task.Delay(PostWait, cancellationToken);
                await (nextPost is null ? pause : Task.WhenAny(nextPost, pause));
                cancellationToken.ThrowIfCancellationRequested();
                if (nextPost is not null)
                    postRecorded?.GaveUp(reviewId, nextPost);
                nextPost = null;
                continue;
            }
            // Someone else (another host, or a send being recorded) moved the review on: decide again, a bit later each time.
            DesignBotTelemetry.Conflict(activity);
            if (++conflicts >= MaxAttempts)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(attempt.Conflict!);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(200, 5 * conflicts * conflicts))), cancellationToken);
        }
    }

    /// <summary>AwaitsPosts names the review whose pending post the turn waits for.</summary>
    private sealed record Attempt(Decision? Committed, string? AwaitsPosts, ConcurrencyConflictException? Conflict);

    /// <summary>One load → decide → commit.</summary>
    private async Task<Attempt> TryOnceAsync(InboundEvent inbound, string newReviewId, bool decideWithoutPendingPosts, CancellationToken cancellationToken)
    {
        var route = await RouteAsync(inbound, cancellationToken);
        // Turns on one review take turns within this process: they would only conflict with each other.
        // Other hosts still may, and the version check settles that.
        using var turn = await _reviewLocks.EnterAsync(route.ReviewId ?? newReviewId, cancellationToken);
        var review = route.ReviewId is null ? null : await store.GetReviewAsync(route.ReviewId, cancellationToken);
        var input = new TurnInput(inbound, clock.GetUtcNow())
        {
            NewReviewId = newReviewId,
            ChannelReviews = route.ChannelReviews,
            Review = review,
            StepId = review is null ? null : route.StepId,
            DecideWithoutPendingPosts = decideWithoutPendingPosts,
        };
        var decision = engine.Decide(input);
        if (decision.AwaitsPosts)
            return new Attempt(null, AwaitsPosts: decision.ReviewId, null);
        // Each queued message carries the turn's trace context, so its send (later, on any worker) joins the trace.
        decision = DesignBotTelemetry.Stamp(decision, inbound, input.Now, Activity.Current?.Id ?? inbound.TraceParent);
        try
        {
            await store.CommitAsync(new TurnCommit(decision, input.Review?.Version, inbound.EventId), cancellationToken);
            return new Attempt(decision, null, null);
        }
        catch (ConcurrencyConflictException ex)
        {
            return new Attempt(null, null, ex);
        }
    }

    /// <summary>Which review (and step) the event concerns; for commands also the channel's reviews.</summary>
    private sealed record Route(string? ReviewId, string? StepId, IReadOnlyList<ReviewListing> ChannelReviews);

    private async Task<Route> RouteAsync(InboundEvent inbound, CancellationToken cancellationToken)
    {
        switch (inbound)
        {
            case CommandEvent command:
            {
                var listings = await store.ListReviewsAsync(command.Channel, cancellationToken);
                // Typed in one of a review's threads, a command without a title means that review.
                var threadReview = command.ThreadId is { } thread && await store.FindThreadAsync(command.Channel, thread, cancellationToken) is { } link
                    ? link.ReviewId
                    : null;
                return new Route(ReviewEngine.TargetReviewId(command, listings, threadReview), null, listings);
            }
            case WakeEvent wake:
                return new Route(wake.ReviewId, null, []);
            case ButtonPressedEvent pick when pick.ActionId == ButtonValues.PickReview:
            {
                // "Which review?": the review the button names, if it is one of this channel's.
                var listings = await store.ListReviewsAsync(inbound.Channel, cancellationToken);
                return ButtonValues.TryParseCommand(pick.Value, out var picked, out _) && listings.Any(r => r.Id == picked)
                    ? new Route(picked, null, listings)
                    : new Route(null, null, []);
            }
            case ButtonPressedEvent button when ButtonValues.TryParse(button.Value, out var buttonReview, out var buttonStep, out _):
            {
                // A button only acts on a review of the channel it was pressed in.
                var listings = await store.ListReviewsAsync(inbound.Channel, cancellationToken);
                return listings.Any(r => r.Id == buttonReview) ? new Route(buttonReview, buttonStep, []) : new Route(null, null, []);
            }
            default:
            {
                if (inbound.ThreadOf() is not { } threadId || await store.FindThreadAsync(inbound.Channel, threadId, cancellationToken) is not { } link)
                    return new Route(null, null, []);
                return new Route(link.ReviewId, link.StepId, []);
            }
        }
    }
}
