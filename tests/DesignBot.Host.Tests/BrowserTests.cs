using System.Text.RegularExpressions;
using DesignBot.Testing;
using Microsoft.Playwright;

namespace DesignBot.Host.Tests;

/// <summary>The playground page in Debian's chromium, driven by Playwright: what a newcomer does first.</summary>
public sealed class BrowserTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "designbot-browser", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Start_a_review_on_the_page_answer_in_the_thread_and_see_the_next_question()
    {
        var chromium = Environment.GetEnvironmentVariable("DESIGNBOT_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium is needed at {chromium}; scripts/test installs it with apt.");

        await using var host = await HostProcess.StartAsync(_dataDir);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        // The page runs under the playground's CSP (no inline script): anything it blocks shows up as a console error.
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
                errors.Add($"{message.Text} ({message.Location})");
        };
        await page.GotoAsync(host.BaseUrl + "/");

        await page.FillAsync("input#user-name", "dana");
        await page.PressAsync("input#user-name", "Enter");
        await page.FillAsync("textarea#channel-input", "/design start Browser review");
        await page.ClickAsync("button#channel-send");

        var stepRoot = page.Locator("div.message[data-bot='true']", new PageLocatorOptions { HasTextString = "Step 1/6" });
        await stepRoot.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await stepRoot.Locator("a.open-thread").ClickAsync();

        var thread = page.Locator("#thread-pane.open");
        await thread.GetByText("Q1/10").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.FillAsync("textarea#thread-input", "Long URLs break in SMS");
        await page.ClickAsync("button#thread-send");

        await thread.GetByText("Q2/10").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.True(await thread.GetByText("Long URLs break in SMS").IsVisibleAsync());

        // The review card is drawn from the playground's own card JSON: its step chips show progress, the answer counted.
        var card = page.Locator("div.message[data-bot='true']", new PageLocatorOptions { HasTextString = "Design review: Browser review" });
        await card.Locator(".chip.active", new LocatorLocatorOptions { HasTextString = "Scope" })
            .Locator(".chip-count", new LocatorLocatorOptions { HasTextRegex = new Regex("^1/10$") }).WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.Equal(5, await card.Locator(".chip.notstarted").CountAsync());

        // The author deletes the reply from the page (the page says who is deleting).
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var reply = thread.Locator("div.message[data-user='dana']", new LocatorLocatorOptions { HasTextString = "Long URLs break in SMS" });
        await reply.Locator("button.delete-btn").ClickAsync();
        await reply.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 20_000 });

        // `/design status` answers dana alone: marked so on her page, gone for anyone else, back when she returns.
        await page.FillAsync("textarea#channel-input", "/design status");
        await page.ClickAsync("button#channel-send");
        var status = page.Locator("#channel-messages div.message[data-bot='true']", new PageLocatorOptions { HasTextString = "Only visible to you" });
        await status.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.Contains("in progress", await status.InnerTextAsync(), StringComparison.Ordinal);
        await page.FillAsync("input#user-name", "erin");
        await page.PressAsync("input#user-name", "Enter");
        await status.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 20_000 });
        await page.FillAsync("input#user-name", "dana");
        await page.PressAsync("input#user-name", "Enter");
        await status.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var shot = Environment.GetEnvironmentVariable("DESIGNBOT_SCREENSHOT");
        if (!string.IsNullOrEmpty(shot))
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
    }

    [Fact]
    public async Task A_long_channel_shows_its_newest_page_and_loads_older_ones_on_request()
    {
        var chromium = Environment.GetEnvironmentVariable("DESIGNBOT_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium is needed at {chromium}; scripts/test installs it with apt.");

        await using var host = await HostProcess.StartAsync(_dataDir);
        var client = new PlaygroundClient(host.CreateClient());
        for (var i = 1; i <= 120; i++)
            await client.SendAsync("erin", $"chatter {i:000}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/");

        var messages = page.Locator("#channel-messages div.message");
        await page.GetByText("chatter 120").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.True(await messages.CountAsync() < 120, "the page starts with the newest page, not the whole history");

        var older = page.Locator("button#load-older");
        // Each click puts the page before on top; the button goes once there is nothing older.
        while (await older.IsVisibleAsync())
        {
            var shown = await messages.CountAsync();
            await older.ClickAsync();
            await page.WaitForFunctionAsync("n => document.querySelectorAll('#channel-messages div.message').length > n", shown, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        Assert.Equal(120, await messages.CountAsync());
        Assert.Equal("chatter 001", (await messages.First.Locator(".message-text").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_hostile_reviews_page_runs_no_script_from_members_and_draws_the_architecture_as_svg()
    {
        var chromium = Environment.GetEnvironmentVariable("DESIGNBOT_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium is needed at {chromium}; scripts/test installs it with apt.");

        await using var host = await HostProcess.StartAsync(_dataDir);
        var client = new PlaygroundClient(host.CreateClient());
        await client.SendAsync("mallory", "/design start <img src=x onerror=alert('title')> Photos --parallel");
        var roots = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Step 6/6", StringComparison.Ordinal)), "the step threads");
        string Root(int step) => roots.Last(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith($"Step {step}/6", StringComparison.Ordinal)).Id;
        await client.SendAsync("mallory", "q1: <script>alert(\"xss\")</script> <img src=x onerror=alert(1)> [click](javascript:alert(2))\r# forged", Root(1));
        await client.SendAsync("mallory", "q1: Album<Photo> has many Photo; GET /photos?cursor=<cursor>", Root(3));
        await client.SendAsync("mallory", "q1: Client -> API gateway -> <img src=x onerror=alert(3)> -[\"><script>alert(4)</script>]-> Object store", Root(5));
        // The replies are decided in their steps' threads and the summary in the channel, in either order: ask until it counts them.
        var summary = await client.AskUntilAsync("mallory", "/design summary", x => x.IsBot && x.Text.StartsWith("Design summary", StringComparison.Ordinal),
            x => x.Text.Contains("3 answers", StringComparison.Ordinal), "the summary with every answer", timeoutSeconds: 30);
        Assert.Contains("3 answers", summary.Text, StringComparison.Ordinal);
        var links = summary.Card!.Value.GetProperty("blocks").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString() == "links").GetProperty("links").EnumerateArray().ToList();
        var architecture = links.Single(l => l.GetProperty("text").GetString() == "Architecture").GetProperty("url").GetString()!;
        Assert.EndsWith("#architecture", architecture, StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        // Any alert, confirm or prompt would be a member's script running; so would a request anywhere but this host.
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
                errors.Add($"{message.Text} ({message.Location})");
        };
        await page.GotoAsync(architecture.Replace("http://localhost:3978", host.BaseUrl, StringComparison.Ordinal));

        // Mermaid, served by the host, draws the flows as an SVG in the architecture section.
        await page.WaitForFunctionAsync("() => document.documentElement.dataset.diagrams === 'drawn'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var svg = page.Locator("section#architecture svg");
        Assert.Equal(1, await svg.CountAsync());
        Assert.Contains("API gateway", await svg.TextContentAsync());
        Assert.Contains("Object store", await svg.TextContentAsync());
        // Four components; a label that looks like markup is text in the drawing, never an element of it.
        Assert.Equal(4, await page.Locator("section#architecture svg g.node").CountAsync());
        Assert.Contains("\"><script>alert(4)</script>", await page.Locator("section#architecture svg .edgeLabel").AllTextContentsAsync());
        Assert.Equal(0, await page.Locator("section#architecture svg img, section#architecture svg script, section#architecture svg iframe").CountAsync());

        // What members typed is on the page as text; nothing of it ran or became an element.
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("<script>alert(\"xss\")</script> <img src=x onerror=alert(1)>", text);
        Assert.Contains("Album<Photo> has many Photo; GET /photos?cursor=<cursor>", text);
        Assert.Equal(0, await page.Locator("main img, main iframe, main a[href^='javascript']").CountAsync());
        Assert.Equal(["/reviews/assets/mermaid.min.js", "/reviews/assets/review.js"],
            await page.EvaluateAsync<string[]>("() => [...document.scripts].map(s => new URL(s.src, location.href).pathname)"));
        Assert.Empty(dialogs);
        Assert.All(requests, url => Assert.StartsWith(host.BaseUrl, url, StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var shot = Environment.GetEnvironmentVariable("DESIGNBOT_SCREENSHOT_DOCUMENT");
        if (!string.IsNullOrEmpty(shot))
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
    }
}
