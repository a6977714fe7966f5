using System.Reflection;
using DesignBot.Core.Storage;

namespace DesignBot.Pipeline.Tests;

/// <summary>A store whose first turn commit loses the version check (as if another host got there first); the rest pass through.</summary>
public class ConflictOnceStore : DispatchProxy
{
    private IReviewStore _inner = null!;
    private int _commits;

    public static IReviewStore Wrap(IReviewStore inner)
    {
        var proxy = Create<IReviewStore, ConflictOnceStore>();
        ((ConflictOnceStore)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IReviewStore.CommitAsync) && Interlocked.Increment(ref _commits) == 1)
            return Task.FromException(new ConcurrencyConflictException("another host committed first"));
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
