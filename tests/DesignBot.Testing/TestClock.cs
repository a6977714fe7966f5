using Microsoft.Extensions.Time.Testing;

namespace DesignBot.Testing;

/// <summary>
/// A fake clock (<see cref="FakeTimeProvider"/>) that also knows which of its timers are pending, so a test can move
/// time on exactly to the next thing that waits for it (a pacing delay) instead of guessing with steps.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _time = new(start);
    private readonly Lock _lock = new();
    private readonly HashSet<WatchedTimer> _pending = [];

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _time.LocalTimeZone;

    public void Advance(TimeSpan delta) => _time.Advance(delta);

    public void SetUtcNow(DateTimeOffset value) => _time.SetUtcNow(value);

    /// <summary>When the earliest pending timer falls due, if one falls due within <paramref name="horizon"/>.</summary>
    public DateTimeOffset? NextDueWithin(TimeSpan horizon)
    {
        var limit = GetUtcNow() + horizon;
        lock (_lock)
            return _pending.Select(t => t.Due).Where(d => d <= limit).Order().Cast<DateTimeOffset?>().FirstOrDefault();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new WatchedTimer(this);
        watched.Watch(dueTime);
        watched.Inner = _time.CreateTimer(s => { watched.Fired(period); callback(s); }, state, dueTime, period);
        return watched;
    }

    private sealed class WatchedTimer(TestClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;
        public DateTimeOffset Due { get; private set; }

        public void Watch(TimeSpan dueTime)
        {
            lock (clock._lock)
            {
                clock._pending.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock.GetUtcNow() + dueTime;
                    clock._pending.Add(this);
                }
            }
        }

        public void Fired(TimeSpan period) => Watch(period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : period);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Watch(dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Watch(Timeout.InfiniteTimeSpan);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
