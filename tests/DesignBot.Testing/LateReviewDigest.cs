using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;

namespace DesignBot.Testing;

/// <summary>
/// A channel adapter's client behind the real turn processor and outbox dispatcher, on a test clock, to see a digest
/// as a platform gets it: a review started on Tuesday 1 December and due that day is late on Wednesday morning, when
/// its digest goes out. The dispatcher's pacing and timeouts run on the test clock, which only the test moves.
/// </summary>
public sealed class LateReviewDigest
{
    public static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset WednesdayMorning = new(2026, 12, 2, 9, 5, 0, TimeSpan.Zero);

    private readonly ChannelRef _channel;
    private readonly TurnProcessor _turns;
    private readonly OutboxDispatcher _dispatcher;
    private string? _reviewId;

    public LateReviewDigest(IChannelClient client, ChannelRef channel)
    {
        _channel = channel;
        _turns = new TurnProcessor(Store, new ReviewEngine(TemplateCatalog.BuiltIn, new PageLinks()), Clock, newReviewId: _ => "r1") { PostWaitLimit = TimeSpan.Zero };
        _dispatcher = new OutboxDispatcher(Store, [client], Clock, "test-host");
    }

    public TestClock Clock { get; } = new(Tuesday);

    public InMemoryReviewStore Store { get; } = new();

    /// <summary>The review's web page: where the digest's link goes when the platform gives no link to the card.</summary>
    public static string ReviewPage => "https://bot.example/reviews/r1";

    /// <summary>Starts "Payments", due today, and sends what it queued (the card, step 1's root and Q1).</summary>
    public async Task StartAsync(UserRef owner)
    {
        await _turns.ProcessAsync(new CommandEvent("e1", _channel, owner, Clock.GetUtcNow(), "start Payments --due today"));
        _reviewId = "r1";
        await DispatchAllAsync();
    }

    /// <summary>Where the review card landed on the platform.</summary>
    public async Task<PostedMessage> CardAsync() =>
        await Store.FindPostedAsync(_reviewId!, ReviewState.CardKey) ?? throw new InvalidOperationException("The card was not posted.");

    /// <summary>Wednesday morning's wake-up: the digest is queued and sent.</summary>
    public async Task SendDigestAsync()
    {
        Clock.SetUtcNow(WednesdayMorning);
        await _turns.ProcessAsync(WakeEvent.For(_reviewId!, _channel, WednesdayMorning));
        await DispatchAllAsync();
    }

    private async Task DispatchAllAsync()
    {
        for (var pass = 0; pass < 20; pass++)
        {
            var results = await _dispatcher.DispatchOnceAsync();
            if (results.Count == 0)
                return;
            if (results.FirstOrDefault(r => r.Outcome != DispatchOutcome.Sent) is { } failed)
                throw new InvalidOperationException($"Message {failed.Item.Message.Key}: {failed.Outcome} ({failed.Error}).");
        }
        throw new InvalidOperationException("The outbox did not empty.");
    }

    private sealed class PageLinks : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new($"https://bot.example/reviews/{reviewId}", $"https://bot.example/reviews/{reviewId}.md");
    }
}
