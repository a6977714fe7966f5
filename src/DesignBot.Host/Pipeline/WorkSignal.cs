namespace DesignBot.Host.Pipeline;

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

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}

/// <summary>The pipeline's wake-up: messages were queued (or a send finished), so the outbox worker should look.</summary>
public sealed class PipelineSignals
{
    public WorkSignal Outbox { get; } = new();
}
