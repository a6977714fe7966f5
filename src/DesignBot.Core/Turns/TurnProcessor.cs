using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Core.Turns;

/// <summary>
/// The imperative shell around the engine: load what the event concerns, decide, commit.
/// A conflicting commit (another turn or host got there first) reloads and decides again.
/// </summary>
public sealed class TurnProcessor(IReviewStore store, ReviewEngine engine, TimeProvider clock, Func<string>? newReviewId = null)
{
    public const int MaxAttempts = 8;

    private readonly Func<string> _newReviewId = newReviewId ?? (() => Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Processes one accepted event; returns the decision that was committed.</summary>
    public async Task<Decision> ProcessAsync(InboundEvent inbound, CancellationToken cancellationToken = default)
    {
        var reviewId = _newReviewId();
        for (var attempt = 1; ; attempt++)
        {
            var input = await LoadAsync(inbound, reviewId, cancellationToken);
            var decision = engine.Decide(input);
            try
            {
                await store.CommitAsync(new TurnCommit(decision, input.Review?.Version, inbound.EventId), cancellationToken);
                return decision;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else moved the review on; decide again on what is there now.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<TurnInput> LoadAsync(InboundEvent inbound, string newReviewId, CancellationToken cancellationToken)
    {
        var input = new TurnInput(inbound, clock.GetUtcNow()) { NewReviewId = newReviewId };
        switch (inbound)
        {
            case CommandEvent command:
            {
                var listings = await store.ListReviewsAsync(command.Channel, cancellationToken);
                var target = ReviewEngine.TargetReviewId(command, listings);
                var review = target is null ? null : await store.GetReviewAsync(target, cancellationToken);
                return input with { ChannelReviews = listings, Review = review };
            }
            case ButtonPressedEvent button when ButtonValues.TryParse(button.Value, out var buttonReview, out var buttonStep, out _):
            {
                var review = await store.GetReviewAsync(buttonReview, cancellationToken);
                // A button only acts on a review of the channel it was pressed in.
                return review is not null && review.State.Channel == inbound.Channel ? input with { Review = review, StepId = buttonStep } : input;
            }
            default:
            {
                var threadId = inbound switch
                {
                    ThreadReplyEvent r => r.ThreadId,
                    ReplyEditedEvent e => e.ThreadId,
                    ReplyDeletedEvent d => d.ThreadId,
                    ButtonPressedEvent b => b.ThreadId,
                    _ => null,
                };
                if (threadId is null || await store.FindThreadAsync(inbound.Channel, threadId, cancellationToken) is not { } link)
                    return input;
                return input with { Review = await store.GetReviewAsync(link.ReviewId, cancellationToken), StepId = link.StepId };
            }
        }
    }
}
