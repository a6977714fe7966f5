namespace DesignBot.Playground.Tests;

public sealed class PlaygroundHubTests
{
    [Fact]
    public async Task A_page_that_stops_reading_is_dropped_when_its_buffer_is_full_while_others_keep_their_feed()
    {
        var hub = new PlaygroundHub();
        var slow = hub.Subscribe(CancellationToken.None);
        var fast = hub.Subscribe(CancellationToken.None);
        var fastReceived = 0;

        for (var i = 0; i < PlaygroundHub.BufferPerSubscriber + 50; i++)
        {
            hub.Publish("message", $"{{\"n\":{i}}}");
            while (fast.TryRead(out _))
                fastReceived++;
        }

        // The slow page holds no more than its buffer, then its stream ends; the fast one got everything and stays.
        Assert.Equal(1, hub.SubscriberCount);
        var slowReceived = 0;
        await foreach (var _ in slow.ReadAllAsync())
            slowReceived++;
        Assert.Equal(PlaygroundHub.BufferPerSubscriber, slowReceived);
        Assert.True(slow.Completion.IsCompleted);
        Assert.Equal(PlaygroundHub.BufferPerSubscriber + 50, fastReceived);
        Assert.False(fast.Completion.IsCompleted);
    }

    [Fact]
    public async Task Closing_ends_every_stream_and_refuses_new_ones()
    {
        var hub = new PlaygroundHub();
        var open = hub.Subscribe(CancellationToken.None);
        hub.Publish("message", "{}");

        hub.Close();

        Assert.True(open.TryRead(out _)); // what was already sent is still delivered...
        await open.Completion;             // ...and then the stream ends
        var late = hub.Subscribe(CancellationToken.None);
        await late.Completion;
        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task A_page_that_goes_away_is_unsubscribed()
    {
        var hub = new PlaygroundHub();
        using var gone = new CancellationTokenSource();
        var reader = hub.Subscribe(gone.Token);
        Assert.Equal(1, hub.SubscriberCount);
        await gone.CancelAsync();
        await reader.Completion;
        Assert.Equal(0, hub.SubscriberCount);
    }
}
