using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reminders;
using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;
using DesignBot.Testing;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// A link to one of the review's own messages (the digest's "Open the review card") is asked of the platform as the
/// message goes out, for where that message landed; when no link can be had the message still goes, with the review page.
/// A review due on Tuesday 1 December is late on Wednesday morning, when its digest goes out.
/// </summary>
public sealed class MessageLinkTests
{
    private static readonly DateTimeOffset WednesdayMorning = new(2026, 12, 2, 9, 5, 0, TimeSpan.Zero);

    private static async Task<(Shell Shell, FakeSend Card)> LateReviewAsync()
    {
        var shell = new Shell();
        await shell.CommandAsync("start Payments --due today");
        await shell.DispatchAllAsync();
        var card = shell.Client.Posts.Single(p => p.Message.Key == ReviewState.CardKey);
        return (shell, card);
    }

    private static async Task<FakeSend> DigestAsync(Shell shell)
    {
        var review = Assert.Single(await shell.Store.ListReviewsAsync(Shell.Channel));
        shell.Clock.SetUtcNow(WednesdayMorning);
        await shell.Turns.ProcessAsync(WakeEvent.For(review.Id, Shell.Channel, WednesdayMorning));
        await shell.DispatchAllAsync();
        return Assert.Single(shell.Client.Posts, p => p.Message.Body.Blocks.OfType<TextBlock>().Any(t => t.Markdown.StartsWith("📅", StringComparison.Ordinal)));
    }

    private static Link CardLink(FakeSend digest) =>
        Assert.Single(digest.Message.Body.Blocks.OfType<LinksBlock>().SelectMany(b => b.Links), l => l.Text == ReminderMessages.CardLinkText);

    [Fact]
    public async Task The_digest_links_to_the_review_cards_thread_as_the_platform_gives_it()
    {
        var (shell, card) = await LateReviewAsync();

        var digest = await DigestAsync(shell);

        var asked = Assert.Single(shell.Client.LinkLookups);
        Assert.Equal((card.MessageId, card.MessageId), (asked.MessageId, asked.ThreadId));
        Assert.Equal(FakeChannelClient.LinkOf(asked), CardLink(digest).Url);
        Assert.Null(digest.ThreadId); // in the channel, not in the card's thread
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_platform_that_gives_no_link_gets_the_digest_with_the_review_page_instead(bool throws)
    {
        var (shell, _) = await LateReviewAsync();
        if (throws)
            shell.Client.LinkFailure = new HttpRequestException("connection refused");
        else
            shell.Client.LinkToNull = true;

        var digest = await DigestAsync(shell);

        Assert.Single(shell.Client.LinkLookups);
        var review = Assert.Single(await shell.Store.ListReviewsAsync(Shell.Channel));
        Assert.Equal($"https://bot.example/reviews/{review.Id}", CardLink(digest).Url);
        Assert.Equal(1, shell.Client.Tries(digest.Message.Key));
        Assert.Equal(0, await shell.Store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task A_review_whose_card_was_never_posted_gets_its_digest_with_the_review_page_beside_one_whose_card_was()
    {
        var shell = new Shell();
        await shell.CommandAsync("start Ledger --due today");
        shell.Client.Always = m => m.Key == ReviewState.CardKey && m.Body.FallbackText.Contains("Ledger", StringComparison.Ordinal)
            ? new FakeFault.Fail("channel_not_found", Transient: false)
            : null;
        await shell.DispatchAllAsync();
        shell.Client.Always = null;
        await shell.CommandAsync("start Payments --due today");
        await shell.DispatchAllAsync();
        var card = shell.Client.Posts.Single(p => p.Message.Key == ReviewState.CardKey);
        Assert.Contains("Payments", card.Message.Body.FallbackText, StringComparison.Ordinal);

        shell.Clock.SetUtcNow(WednesdayMorning);
        foreach (var review in await shell.Store.ListReviewsAsync(Shell.Channel))
            await shell.Turns.ProcessAsync(WakeEvent.For(review.Id, Shell.Channel, WednesdayMorning));
        await shell.DispatchAllAsync();

        var digests = shell.Client.Posts.Where(p => p.Message.Body.Blocks.OfType<TextBlock>().Any(t => t.Markdown.StartsWith("📅", StringComparison.Ordinal))).ToList();
        Assert.Equal(2, digests.Count);
        var ledgerId = (await shell.Store.ListReviewsAsync(Shell.Channel)).Single(r => r.Title == "Ledger").Id;
        Assert.Equal($"https://bot.example/reviews/{ledgerId}", CardLink(digests.Single(d => d.Message.Body.FallbackText.StartsWith("Ledger", StringComparison.Ordinal))).Url);
        Assert.Equal(FakeChannelClient.LinkOf(Assert.Single(shell.Client.LinkLookups)), CardLink(digests.Single(d => d.Message.Body.FallbackText.StartsWith("Payments", StringComparison.Ordinal))).Url);
        Assert.Equal(card.MessageId, shell.Client.LinkLookups[0].MessageId); // the platform is asked only for the card that landed
    }
}
