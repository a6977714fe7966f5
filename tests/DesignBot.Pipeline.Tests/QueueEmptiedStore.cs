using System.Reflection;
using DesignBot.Core.Storage;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// A store that, the first time a sent message's record finds its queue empty, runs <see cref="OnQueueEmptied"/> before
/// the sender learns so: what the callback queues lands just after the sender's last look at the queue.
/// </summary>
public class QueueEmptiedStore : DispatchProxy
{
    private IReviewStore _inner = null!;
    private int _fired;

    public Func<Task>? OnQueueEmptied { get; set; }

    public static QueueEmptiedStore Wrap(IReviewStore inner, out IReviewStore store)
    {
        store = Create<IReviewStore, QueueEmptiedStore>();
        var self = (QueueEmptiedStore)(object)store;
        self._inner = inner;
        return self;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        try
        {
            var result = targetMethod!.Invoke(_inner, args);
            return targetMethod.Name == nameof(IReviewStore.CompleteAndClaimNextAsync) ? AfterRecordAsync((Task<OutboxItem?>)result!) : result;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private async Task<OutboxItem?> AfterRecordAsync(Task<OutboxItem?> record)
    {
        var next = await record;
        if (next is null && OnQueueEmptied is { } callback && Interlocked.Exchange(ref _fired, 1) == 0)
            await callback();
        return next;
    }
}
