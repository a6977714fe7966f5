using System.Threading.Channels;

namespace DesignBot.Playground;

/// <summary>
/// Fans playground changes out to every open page (server-sent events). Each page gets a bounded buffer: a page
/// that stops reading is dropped when its buffer is full (its stream ends; the page reloads and reconnects), so
/// it never holds memory on the host. <see cref="Close"/> ends every stream, for a quick shutdown.
/// A page subscribes as the member it shows the channel to; a message meant for one member (VisibleTo) goes to that
/// member's pages only, as the history does (<see cref="PlaygroundStore.Page"/>).
/// </summary>
public sealed class PlaygroundHub
{
    public const int BufferPerSubscriber = 256;

    private readonly Lock _lock = new();
    private readonly List<Subscriber> _subscribers = [];

    private sealed record Subscriber(Channel<(string Event, string Json)> Channel, string? Viewer);
    private bool _closed;

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
                return _subscribers.Count;
        }
    }

    /// <summary>
    /// A feed of changes until <paramref name="cancellationToken"/> fires, the subscriber falls behind, or the hub closes.
    /// <paramref name="viewer"/> is the member the page shows the channel to: only they get messages meant for them alone.
    /// </summary>
    public ChannelReader<(string Event, string Json)> Subscribe(CancellationToken cancellationToken, string? viewer = null)
    {
        // Wait mode makes TryWrite fail when the buffer is full, which is how a slow page is noticed.
        var channel = Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(BufferPerSubscriber) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        var subscriber = new Subscriber(channel, string.IsNullOrWhiteSpace(viewer) ? null : viewer.Trim());
        lock (_lock)
        {
            if (_closed)
            {
                channel.Writer.TryComplete();
                return channel.Reader;
            }
            _subscribers.Add(subscriber);
        }
        cancellationToken.Register(() => Drop(subscriber));
        return channel.Reader;
    }

    /// <summary>Sends a change to every page, or with <paramref name="visibleTo"/> only to that member's pages.</summary>
    public void Publish(string eventName, string json, string? visibleTo = null)
    {
        List<Subscriber>? behind = null;
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                if (visibleTo is not null && subscriber.Viewer != visibleTo)
                    continue;
                if (!subscriber.Channel.Writer.TryWrite((eventName, json)))
                    (behind ??= []).Add(subscriber);
            }
        }
        foreach (var subscriber in behind ?? [])
            Drop(subscriber);
    }

    /// <summary>Ends every stream and refuses new ones (the host is stopping).</summary>
    public void Close()
    {
        List<Subscriber> all;
        lock (_lock)
        {
            _closed = true;
            all = [.. _subscribers];
        }
        foreach (var subscriber in all)
            Drop(subscriber);
    }

    private void Drop(Subscriber subscriber)
    {
        lock (_lock)
            _subscribers.Remove(subscriber);
        subscriber.Channel.Writer.TryComplete();
    }
}
