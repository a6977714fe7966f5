namespace DesignBot.Core.Turns;

/// <summary>
/// Tells a waiting turn, within this process, that one of its review's posts was just recorded. A reply that
/// arrived while the question it may answer was being posted waits for that record; this wakes it the moment
/// the dispatcher has written it, instead of polling. (Posts recorded by other hosts are still found by the
/// turn's bounded polling.)
/// </summary>
public sealed class PostRecordedSignal
{
    private readonly Dictionary<string, TaskCompletionSource> _waiting = [];

    /// <summary>A task that completes at the review's next recorded post. Take it before checking, to miss none.</summary>
    public Task NextPost(string reviewId)
    {
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(reviewId, out var next))
                _waiting[reviewId] = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return next.Task;
        }
    }

    /// <summary>A waiter that gave up (its pause ran out) drops the review's entry, so waits leave nothing behind.</summary>
    public void GaveUp(string reviewId, Task nextPost)
    {
        lock (_waiting)
        {
            if (_waiting.TryGetValue(reviewId, out var next) && next.Task == nextPost && !nextPost.IsCompleted)
                _waiting.Remove(reviewId);
        }
    }

    public void Recorded(string reviewId)
    {
        TaskCompletionSource? next;
        lock (_waiting)
        {
            if (!_waiting.Remove(reviewId, out next))
                return;
        }
        next.TrySetResult();
    }
}
