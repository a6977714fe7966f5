using System.Reflection;
using DesignBot.Core.Storage;

namespace DesignBot.Pipeline.Tests;

/// <summary>A store whose first commit for one event fails as a busy store does (transient); the rest pass through.</summary>
public class TransientOnceStore : DispatchProxy
{
    private IReviewStore _inner = null!;
    private string _eventId = "";
    private int _failed;

    public static Func<IReviewStore, IReviewStore> For(string eventId) => inner =>
    {
        var proxy = Create<IReviewStore, TransientOnceStore>();
        var self = (TransientOnceStore)(object)proxy;
        self._inner = inner;
        self._eventId = eventId;
        return proxy;
    };

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IReviewStore.CommitAsync) && args![0] is TurnCommit commit && commit.InboxEventId == _eventId
            && Interlocked.Exchange(ref _failed, 1) == 0)
            return Task.FromException(new TransientStoreException("database is locked"));
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
