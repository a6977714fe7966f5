namespace DesignBot.Pipeline;

/// <summary>Wakes a background worker when there is new work, so nothing waits for a polling interval.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        // At most one pending wake-up: several sets before the worker looks are one batch of work.
        // Checking first avoids a thrown SemaphoreFullException on the hot path; the rare race is still caught.
        if (_semaphore.CurrentCount > 0)
            return;
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>Waits for a wake-up, at most a second (callers also look on a timer); stopping ends the wait quietly.</summary>
    public async Task WaitQuietlyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _semaphore.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// The outbox worker's wake-up, with hints: the queues (reviews, or channels) where a turn just queued messages,
/// so the worker claims those heads directly instead of searching every queue.
/// </summary>
public sealed class PipelineSignals
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _queued = new();

    public WorkSignal Outbox { get; } = new();

    public void MessagesQueued(string partition)
    {
        _queued.Enqueue(partition);
        Outbox.Set();
    }

    public bool TryTakeQueued(out string partition) => _queued.TryDequeue(out partition!);

    public bool HasQueued => !_queued.IsEmpty;
}
