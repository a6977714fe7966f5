namespace DesignBot.Core.Turns;

/// <summary>An async lock per key (a review id), created on first use and dropped when nobody holds or waits for it.</summary>
public sealed class KeyedLock
{
    private readonly Dictionary<string, Entry> _entries = [];

    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
                _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }
        return new Releaser(() => Leave(key, entry, release: true));
    }

    private void Leave(string key, Entry entry, bool release)
    {
        if (release)
            entry.Semaphore.Release();
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
