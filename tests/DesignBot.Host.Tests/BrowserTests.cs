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
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/");

        await page.FillAsync("input#user-name", "dana");
        await page.PressAsync("input#user-name", "Enter");
        await page.FillAsync("textarea#channel-input", "/design start Browser review");
        await page.ClickAsync("button#channel-send");

        var stepRoot = page.Locator("div.message[data-bot='true']", new PageLocatorOptions { HasTextString = "Step 1/6" });
        await stepRoot.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await stepRoot.Locator("a.open-thread").ClickAsync();

        var thread = page.Locator("#thread-pane.open");
        await thread.GetByText("Q1/9").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.FillAsync("textarea#thread-input", "Long URLs break in SMS");
        await page.ClickAsync("button#thread-send");

        await thread.GetByText("Q2/9").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.True(await thread.GetByText("Long URLs break in SMS").IsVisibleAsync());

        var shot = Environment.GetEnvironmentVariable("DESIGNBOT_SCREENSHOT");
        if (!string.IsNullOrEmpty(shot))
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
    }
}
