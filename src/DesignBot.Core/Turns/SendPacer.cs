namespace DesignBot.Core.Turns;

/// <summary>
/// Paces sends by sliding windows: for each limit (a conversation, an account) at most <see cref="Rate.Messages"/>
/// sends in any window of <see cref="Rate.Per"/>. A send reserves its slot up front, so sends waiting at the same time
/// line up one behind another instead of all going at the first free moment. Pure bookkeeping on the given clock:
/// the caller waits. One instance per process; several hosts each pace their own sends.
/// </summary>
public sealed class SendPacer(TimeProvider clock)
{
    private const int ForgetAbove = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Window> _windows = [];

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
                if (_windows.GetValueOrDefault(limit.Key) is { } window && window.EarliestAfter(now, limit.Rate) is var allowed && allowed > at)
                    at = allowed;
            }
            if (at - now > maxWait)
                return new PaceSlot(at, Reserved: false);
            foreach (var limit in limits)
            {
                if (!_windows.TryGetValue(limit.Key, out var window))
                    _windows[limit.Key] = window = new Window();
                window.Take(at, limit.Rate);
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

    /// <summary>The send times of one key, oldest first; only the last Messages of them matter.</summary>
    private sealed class Window
    {
        private readonly Queue<DateTimeOffset> _sends = new();
        private TimeSpan _per;

        public DateTimeOffset EarliestAfter(DateTimeOffset now, Rate rate)
        {
            if (_sends.Count == 0)
                return now;
            // Slots are taken in time order, so a new one never goes before the last one.
            var earliest = _sends.Max() > now ? _sends.Max() : now;
            if (_sends.Count >= rate.Messages)
            {
                // The window ending at the new send must hold fewer than Messages others.
                var freedAt = _sends.ElementAt(_sends.Count - rate.Messages) + rate.Per;
                if (freedAt > earliest)
                    earliest = freedAt;
            }
            return earliest;
        }

        public void Take(DateTimeOffset at, Rate rate)
        {
            _per = rate.Per;
            _sends.Enqueue(at);
            while (_sends.Count > rate.Messages)
                _sends.Dequeue();
        }

        public bool IdleSince(DateTimeOffset now) => _sends.Count == 0 || _sends.Max() + _per <= now;
    }
}

/// <summary>One limit a send counts against: a conversation's or an account's key and its rate.</summary>
public readonly record struct PaceLimit(string Key, Rate Rate);

/// <summary>When a send may go; Reserved when its slot is taken (the caller waits until At, then sends).</summary>
public readonly record struct PaceSlot(DateTimeOffset At, bool Reserved);
