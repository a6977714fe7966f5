namespace DesignBot.Host.Pipeline;

/// <summary>Wakes a background worker when there is new work, so nothing waits for a polling interval.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        // At most one pending wake-up: several sets before the worker looks are one batch of work.
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

/// <summary>The two signals of the pipeline: inbox (events accepted) and outbox (messages queued).</summary>
public sealed class PipelineSignals
{
    public WorkSignal Inbox { get; } = new();
    public WorkSignal Outbox { get; } = new();
}
