using System.Threading.Channels;

namespace DesignBot.Playground;

/// <summary>Fans playground changes out to every open page (server-sent events).</summary>
public sealed class PlaygroundHub
{
    private readonly Lock _lock = new();
    private readonly List<Channel<(string Event, string Json)>> _subscribers = [];

    public ChannelReader<(string Event, string Json)> Subscribe(CancellationToken cancellationToken)
    {
        // A slow page drops its oldest updates rather than holding up the bot; it re-fetches on reconnect.
        var channel = Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
            _subscribers.Add(channel);
        cancellationToken.Register(() =>
        {
            lock (_lock)
                _subscribers.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(string eventName, string json)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
                subscriber.Writer.TryWrite((eventName, json));
        }
    }
}
