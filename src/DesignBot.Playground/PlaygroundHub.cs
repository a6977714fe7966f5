using System.Threading.Channels;

namespace DesignBot.Playground;

/// <summary>
/// Fans playground changes out to every open page (server-sent events). Each page gets a bounded buffer: a page
/// that stops reading is dropped when its buffer is full (its stream ends; the page reloads and reconnects), so
/// it never holds memory on the host. <see cref="Close"/> ends every stream, for a quick shutdown.
/// </summary>
public sealed class PlaygroundHub
{
    public const int BufferPerSubscriber = 256;

    private readonly Lock _lock = new();
    private readonly List<Channel<(string Event, string Json)>> _subscribers = [];
    private bool _closed;

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
                return _subscribers.Count;
        }
    }

    /// <summary>A feed of changes until <paramref name="cancellationToken"/> fires, the subscriber falls behind, or the hub closes.</summary>
    public ChannelReader<(string Event, string Json)> Subscribe(CancellationToken cancellationToken)
    {
        // Wait mode makes TryWrite fail when the buffer is full, which is how a slow page is noticed.
        var channel = Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(BufferPerSubscriber) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        lock (_lock)
        {
            if (_closed)
            {
                channel.Writer.TryComplete();
                return channel.Reader;
            }
            _subscribers.Add(channel);
        }
        cancellationToken.Register(() => Drop(channel));
        return channel.Reader;
    }

    public void Publish(string eventName, string json)
    {
        List<Channel<(string, string)>>? behind = null;
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                if (!subscriber.Writer.TryWrite((eventName, json)))
                    (behind ??= []).Add(subscriber);
            }
        }
        foreach (var subscriber in behind ?? [])
            Drop(subscriber);
    }

    /// <summary>Ends every stream and refuses new ones (the host is stopping).</summary>
    public void Close()
    {
        List<Channel<(string, string)>> all;
        lock (_lock)
        {
            _closed = true;
            all = [.. _subscribers];
        }
        foreach (var subscriber in all)
            Drop(subscriber);
    }

    private void Drop(Channel<(string, string)> subscriber)
    {
        lock (_lock)
            _subscribers.Remove(subscriber);
        subscriber.Writer.TryComplete();
    }
}
