namespace DesignBot.Core.Turns;

/// <summary>
/// Paces sends by sliding windows: for each limit (a conversation's or an account's key with one of its rates) at most
/// <see cref="Rate.Messages"/> sends in any window of <see cref="Rate.Per"/>; a key may have several windows (Teams: 7 a
/// second and 1800 an hour per thread), each kept apart. A send reserves its slot up front, so sends waiting at the same
/// time line up one behind another instead of all going at the first free moment. Pure bookkeeping on the given clock:
/// the caller waits. One instance per process; several hosts each pace their own sends.
/// </summary>
public sealed class SendPacer(TimeProvider clock)
{
    private const int ForgetAbove = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<PaceLimit, Window> _windows = [];

    /// <summary>
    /// The earliest time a send counted against these limits may go. When it is at most <paramref name="maxWait"/>
    /// away the slot is taken (Reserved); otherwise nothing is taken, and the caller should come back then.
    /// </summary>
    public PaceSlot Reserve(IReadOnlyList<PaceLimit> limits, TimeSpan maxWait)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_windows.Count > ForgetAbove)
                Forget(now);
            var at = now;
            foreach (var limit in limits)
            {
                if (_windows.GetValueOrDefault(limit) is { } window && window.EarliestAfter(now) is var allowed && allowed > at)
                    at = allowed;
            }
            if (at - now > maxWait)
                return new PaceSlot(at, Reserved: false);
            foreach (var limit in limits)
            {
                if (!_windows.TryGetValue(limit, out var window))
                    _windows[limit] = window = new Window(limit.Rate);
                window.Take(at);
            }
            return new PaceSlot(at, Reserved: true);
        }
    }

    // Windows whose last send is long past limit nothing any more.
    private void Forget(DateTimeOffset now)
    {
        foreach (var key in _windows.Where(w => w.Value.IdleSince(now)).Select(w => w.Key).ToList())
            _windows.Remove(key);
    }

    /// <summary>The send times of one limit, oldest first: the last Messages of them, in a ring (an hour's window holds 1800).</summary>
    private sealed class Window(Rate rate)
    {
        private readonly DateTimeOffset[] _sends = new DateTimeOffset[Math.Max(1, rate.Messages)];
        private int _count;
        private int _oldest;

        // Slots are taken in time order, so the newest send is the latest one.
        private DateTimeOffset Newest => _sends[(_oldest + _count - 1) % _sends.Length];

        public DateTimeOffset EarliestAfter(DateTimeOffset now)
        {
            if (_count == 0)
                return now;
            // A new slot never goes before the last one taken.
            var earliest = Newest > now ? Newest : now;
            if (_count >= rate.Messages)
            {
                // The window ending at the new send must hold fewer than Messages others: the oldest kept must be out of it.
                var freedAt = _sends[_oldest] + rate.Per;
                if (freedAt > earliest)
                    earliest = freedAt;
            }
            return earliest;
        }

        public void Take(DateTimeOffset at)
        {
            if (_count < _sends.Length)
            {
                _sends[(_oldest + _count) % _sends.Length] = at;
                _count++;
                return;
            }
            _sends[_oldest] = at;
            _oldest = (_oldest + 1) % _sends.Length;
        }

        public bool IdleSince(DateTimeOffset now) => _count == 0 || Newest + rate.Per <= now;
    }
}

/// <summary>One limit a send counts against: a conversation's or an account's key and one of its rates.</summary>
public readonly record struct PaceLimit(string Key, Rate Rate);

/// <summary>When a send may go; Reserved when its slot is taken (the caller waits until At, then sends).</summary>
public readonly record struct PaceSlot(DateTimeOffset At, bool Reserved);
