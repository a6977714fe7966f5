using Microsoft.Playwright;

namespace DesignBot.Host.Tests;

/// <summary>Debian's chromium, headless, as the browser tests drive it (Playwright's own browser download does not work offline).</summary>
internal static class HeadlessChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executablePath) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executablePath,
            Headless = true,
            // No sandbox (tests run as root in a container), and nothing that reaches outside the machine.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
}
