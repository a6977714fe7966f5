using System.Reflection;
using DesignBot.Core.Storage;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// Counts the store commits that were called and have not returned yet, across the stores it wraps. A commit is in
/// the file (its inbox event shows processed) a moment before the call returns: the store's kept snapshots, which
/// <see cref="IReviewStore.GetReviewAsync"/> reads, follow right after the file's commit, on the writer's thread.
/// </summary>
internal sealed class CommitsInFlight
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReviewStore Track(IReviewStore inner)
    {
        var proxy = DispatchProxy.Create<IReviewStore, CommitCountingStore>();
        var self = (CommitCountingStore)(object)proxy;
        self.Inner = inner;
        self.Owner = this;
        return proxy;
    }

    internal void Started() => Interlocked.Increment(ref _count);

    internal void Ended() => Interlocked.Decrement(ref _count);
}

/// <summary>The wrapper <see cref="CommitsInFlight.Track"/> puts around a store; every call passes through unchanged.</summary>
public class CommitCountingStore : DispatchProxy
{
    internal IReviewStore Inner { get; set; } = null!;
    internal CommitsInFlight Owner { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name != nameof(IReviewStore.CommitAsync))
            return Call(targetMethod, args);
        Owner.Started();
        try
        {
            return EndWhenDoneAsync((Task)Call(targetMethod, args)!);
        }
        catch
        {
            Owner.Ended();
            throw;
        }
    }

    private async Task EndWhenDoneAsync(Task commit)
    {
        try
        {
            await commit;
        }
        finally
        {
            Owner.Ended();
        }
    }

    private object? Call(MethodInfo targetMethod, object?[]? args)
    {
        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
