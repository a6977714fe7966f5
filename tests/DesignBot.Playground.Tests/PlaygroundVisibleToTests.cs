using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;
using DesignBot.Testing;

namespace DesignBot.Playground.Tests;

/// <summary>
/// A message meant for one member (OutboundMessage.VisibleTo) is shown to that member only, marked so, and is no message
/// of the channel: the playground's history, read as anyone else, has no copy. Driven through the real mapper, turn
/// processor and dispatcher into the playground's own channel client and history.
/// </summary>
public sealed class PlaygroundVisibleToTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-pgvisible", Guid.NewGuid().ToString("N"));
    private readonly PlaygroundStore _history;
    private readonly PlaygroundHub _hub = new();
    private readonly TestClock _clock = new(s_start);
    private readonly InMemoryReviewStore _store = new();
    private readonly TurnProcessor _turns;
    private readonly OutboxDispatcher _dispatcher;

    public PlaygroundVisibleToTests()
    {
        _history = new PlaygroundStore(Path.Combine(_dir, "playground.db"));
        var client = new PlaygroundChannelClient(new Lazy<PlaygroundStore>(() => _history), _hub, _clock);
        _turns = new TurnProcessor(_store, new ReviewEngine(TemplateCatalog.BuiltIn, new Links()), _clock) { PostWaitLimit = TimeSpan.Zero };
        _dispatcher = new OutboxDispatcher(_store, [client], _clock, "test");
    }

    public void Dispose()
    {
        _history.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A member types in the playground channel (or a thread); the bot's turn runs and its messages are sent.</summary>
    private async Task<PlaygroundMessage> SayAsync(string user, string text, string? threadId = null)
    {
        var message = await _history.AddAsync(threadId, user, isBot: false, text, null, _clock.GetUtcNow());
        if (PlaygroundMapper.FromPost(message) is { } inbound)
        {
            await _store.AcceptAsync(inbound, _clock.GetUtcNow());
            await _turns.ProcessAsync(inbound);
            while ((await _dispatcher.DispatchOnceAsync()).Count > 0)
            {
            }
        }
        return message;
    }

    private List<PlaygroundMessage> History(string? viewer) => [.. _history.Page(null, 100, viewer).Messages];

    [Fact]
    public async Task Status_is_shown_only_to_the_asker_and_leaves_no_public_copy()
    {
        await SayAsync("alice", "/design start Photos");
        var publicBefore = History(viewer: null);
        using var feed = new CancellationTokenSource();
        var live = _hub.Subscribe(feed.Token, viewer: "bob");
        var carolsPage = _hub.Subscribe(feed.Token, viewer: "carol");

        await SayAsync("bob", "/design status");

        // The channel as everyone else sees it: bob's command, and nothing the bot said to bob.
        var publicAfter = History(viewer: null);
        Assert.Equal(publicBefore.Count + 1, publicAfter.Count);
        Assert.DoesNotContain(publicAfter, m => m.IsBot && m.Text.StartsWith("Photos (in progress)", StringComparison.Ordinal));
        Assert.Single(publicAfter, m => m.IsBot && m.Text.StartsWith("Design review: Photos", StringComparison.Ordinal));
        Assert.DoesNotContain(History(viewer: "carol"), m => m.VisibleTo is not null);

        // bob sees it, marked as his alone, and the page is told whom it is for.
        var status = Assert.Single(History(viewer: "bob"), m => m.VisibleTo is not null);
        Assert.Equal("bob", status.VisibleTo);
        Assert.StartsWith("Photos (in progress)", status.Text, StringComparison.Ordinal);
        Assert.Contains("\"visibleTo\":\"bob\"", PlaygroundJson.Message(status), StringComparison.Ordinal);
        var published = new List<string>();
        while (live.TryRead(out var item))
            published.Add(item.Json);
        Assert.Contains(published, json => json.Contains("\"visibleTo\":\"bob\"", StringComparison.Ordinal));
        // carol's page is never sent what the bot said to bob alone.
        var toCarol = new List<string>();
        while (carolsPage.TryRead(out var item))
            toCarol.Add(item.Json);
        Assert.DoesNotContain(toCarol, json => json.Contains("\"visibleTo\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_start_commands_thread_gets_where_the_review_runs_and_a_reply_there_a_hint_for_its_author()
    {
        var command = await SayAsync("alice", "/design start Photos");

        var started = Assert.Single(History(viewer: null), m => m.IsBot && m.ThreadId == command.Id);
        Assert.Contains("Started Photos", started.Text, StringComparison.Ordinal);

        await SayAsync("carol", "where do I answer?", threadId: command.Id);
        Assert.DoesNotContain(History(viewer: null), m => m.IsBot && m.ThreadId == command.Id && m != started);
        var hint = Assert.Single(History(viewer: "carol"), m => m.VisibleTo == "carol");
        Assert.Equal(command.Id, hint.ThreadId);
        Assert.Contains("is not a step of Photos", hint.Text, StringComparison.Ordinal);
    }

    private sealed class Links : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new($"http://localhost/reviews/{reviewId}?sig=x", $"http://localhost/reviews/{reviewId}.md?sig=x");
    }
}
