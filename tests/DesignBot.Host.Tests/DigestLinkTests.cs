using DesignBot.Core.Reminders;
using DesignBot.Testing;
using Microsoft.Playwright;

namespace DesignBot.Host.Tests;

/// <summary>
/// The channel digest end to end on the playground host, whose clock starts where the test says: a review due on
/// Monday is late on Tuesday morning, and its digest links to the review card's thread, which the page opens in its
/// thread pane (from the link, and from the link's address loaded afresh). Driven in Debian's chromium by Playwright.
/// </summary>
public sealed class DigestLinkTests : IDisposable
{
    // Monday 7 and Tuesday 8 December 2026 (UTC, Mon–Fri 09:00–17:00 by default; the digest goes out at 09:00).
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 8, 9, 30, 0, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-digest", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string> Clock(DateTimeOffset startsAt) => new()
    {
        ["DesignBot:Testing:ClockStartsAt"] = startsAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["DesignBot:Reminders:PollSeconds"] = "1",
    };

    private static bool IsDigest(PgMessage m) => m.IsBot && m.ThreadId is null && m.Text.StartsWith("Digest link: late", StringComparison.Ordinal);

    [Fact]
    public async Task The_digest_links_to_the_review_cards_thread_and_the_page_opens_it()
    {
        var chromium = Environment.GetEnvironmentVariable("DESIGNBOT_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium is needed at {chromium}; scripts/test installs it with apt.");

        string cardId;
        await using (var monday = await HostProcess.StartAsync(_dir, Clock(Monday)))
        {
            var client = new PlaygroundClient(monday.CreateClient());
            await client.SendAsync("alice", "/design start Digest link --due today");
            var started = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)), "the first question", 120);
            cardId = started.First(x => x.IsBot && x.ThreadId is null && x.CardText.Contains("Design review: Digest link", StringComparison.Ordinal)).Id;
        }

        await using var tuesday = await HostProcess.StartAsync(_dir, Clock(TuesdayMorning));
        var messages = await new PlaygroundClient(tuesday.CreateClient()).WaitForAsync(m => m.Any(IsDigest), "Tuesday's digest", 120);
        var digest = messages.Last(IsDigest);
        var link = digest.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "links").GetProperty("links")[0];
        Assert.Equal((ReminderMessages.CardLinkText, $"/#thread-{cardId}"), (link.GetProperty("text").GetString(), link.GetProperty("url").GetString()));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(tuesday.BaseUrl + "/");

        // Following the link opens the card's thread here (no new tab), and the address names it.
        var shown = page.Locator($"#channel-messages div.message[data-id='{digest.Id}']");
        await shown.Locator("a", new LocatorLocatorOptions { HasTextString = ReminderMessages.CardLinkText }).ClickAsync(new LocatorClickOptions { Timeout = 20_000 });
        var root = page.Locator($"#thread-pane.open div.message[data-root-id='{cardId}']");
        await root.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.Contains("Design review: Digest link", await root.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Single(page.Context.Pages);
        Assert.EndsWith($"/#thread-{cardId}", page.Url, StringComparison.Ordinal);

        // The link's address opened afresh (shared, or the page reloaded) shows the same thread.
        var fresh = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await fresh.GotoAsync(tuesday.BaseUrl + $"/#thread-{cardId}");
        await fresh.Locator($"#thread-pane.open div.message[data-root-id='{cardId}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
    }
}
