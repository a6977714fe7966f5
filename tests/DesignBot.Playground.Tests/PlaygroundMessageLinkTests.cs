using System.Text.Json;
using DesignBot.Core.Events;
using DesignBot.Core.Reminders;
using DesignBot.Core.Reviews;
using DesignBot.Testing;

namespace DesignBot.Playground.Tests;

/// <summary>
/// The digest's link to the review card's thread, in the playground: the page's own thread address (<c>/#thread-…</c>),
/// which app.js opens in its thread pane (the browser test follows it). Driven through the real turn processor and
/// dispatcher into the playground's channel client and history.
/// </summary>
public sealed class PlaygroundMessageLinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-pglink", Guid.NewGuid().ToString("N"));
    private readonly PlaygroundStore _history;
    private readonly PlaygroundChannelClient _client;

    public PlaygroundMessageLinkTests()
    {
        _history = new PlaygroundStore(Path.Combine(_dir, "playground.db"));
        _client = new PlaygroundChannelClient(new Lazy<PlaygroundStore>(() => _history), new PlaygroundHub(), TimeProvider.System);
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

    [Fact]
    public async Task A_link_to_a_message_is_the_page_at_its_thread()
    {
        var root = new PostedMessage("42", "42", DateTimeOffset.UnixEpoch);
        var reply = new PostedMessage("43", "42", DateTimeOffset.UnixEpoch);

        Assert.Equal("/#thread-42", await _client.LinkToAsync(PlaygroundMapper.Channel, root));
        Assert.Equal("/#thread-42", await _client.LinkToAsync(PlaygroundMapper.Channel, reply));
        Assert.Equal("/#thread-a%2Fb", PlaygroundChannelClient.ThreadLink("a/b"));
    }

    [Fact]
    public async Task The_digest_in_the_channel_links_to_the_review_cards_thread()
    {
        var digest = new LateReviewDigest(_client, PlaygroundMapper.Channel);
        await digest.StartAsync(new UserRef("alice", "alice"));
        var card = await digest.CardAsync();

        await digest.SendDigestAsync();

        var posted = Assert.Single(_history.Page(null, 100).Messages, m => m.IsBot && m.Text.StartsWith("Payments: late", StringComparison.Ordinal));
        Assert.Null(posted.ThreadId);
        using var json = JsonDocument.Parse(posted.CardJson!);
        var links = json.RootElement.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "links").GetProperty("links");
        var link = Assert.Single(links.EnumerateArray());
        Assert.Equal((ReminderMessages.CardLinkText, $"/#thread-{card.MessageId}"), (link.GetProperty("text").GetString(), link.GetProperty("url").GetString()));
        Assert.NotNull(_history.Find(card.MessageId)); // the thread it opens is the card's, in this channel
    }
}
