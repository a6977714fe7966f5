using System.Net;
using DesignBot.Host.ReviewPages;
using DesignBot.Testing;

namespace DesignBot.Host.Tests;

/// <summary>The host as an operator starts it: where it listens, how it refuses, what it writes to disk.</summary>
public sealed class HostStartTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "designbot-start", Guid.NewGuid().ToString("N"));

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
    public async Task A_second_host_on_the_same_database_exits_with_1_and_a_one_line_reason_and_creates_nothing()
    {
        await using var first = await HostProcess.StartAsync(_dataDir);
        var secondPlayground = Path.Combine(_dataDir, "second-playground.db");
        var generatedKey = Path.Combine(_dataDir, "link-signing.key");

        // Everything the second host would create of its own: its playground history and, with no key configured, a signing key.
        var second = await HostProcess.RunToExitAsync(_dataDir, new Dictionary<string, string>
        {
            ["Playground:Path"] = secondPlayground,
            ["DesignBot:LinkSigningKey"] = "",
        });

        Assert.Equal(1, second.ExitCode);
        var lines = second.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reason = Assert.Single(lines);
        Assert.StartsWith("DesignBot did not start: Another process is using the SQLite database", reason);
        Assert.Contains(Path.Combine(_dataDir, "designbot.db"), reason);
        Assert.DoesNotContain(" at ", second.StandardError + second.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", second.StandardError + second.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(secondPlayground), "the refused host created its playground database");
        Assert.False(File.Exists(generatedKey), "the refused host generated a signing key");

        // The first host is untouched.
        using var http = first.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_host_with_one_line_naming_the_key()
    {
        var stopped = await HostProcess.RunToExitAsync(_dataDir, new Dictionary<string, string> { ["Storage:Provider"] = "Oracle" });

        Assert.Equal(1, stopped.ExitCode);
        var reason = Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Storage:Provider must be Sqlite or AzureTables, not 'Oracle'", reason);
        Assert.DoesNotContain(" at ", stopped.StandardError + stopped.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_listens_where_ASPNETCORE_URLS_says()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")), "the host's appsettings.json is beside it");
        await using var host = await HostProcess.StartWithEnvironmentUrlsAsync(_dataDir);
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void A_generated_signing_key_is_readable_by_its_owner_only_and_kept()
    {
        var keyFile = Path.Combine(_dataDir, "keys", "link-signing.key");
        var generated = 0;
        var key = ReviewLinkSigner.LoadOrCreateKey(null, keyFile, () => generated++);

        Assert.Equal(1, generated);
        Assert.Equal(32, key.Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(key, ReviewLinkSigner.LoadOrCreateKey(null, keyFile, () => generated++));
        Assert.Equal(1, generated);
    }
}
