using DesignBot.Slack.Tests.Fakes;
using DesignBot.Testing;

namespace DesignBot.Slack.Tests;

/// <summary>Bad Slack settings stop the host at start with one line naming the key, never its value.</summary>
public sealed class SlackStartTests() : FakeSlackWithDataDir("designbot-slack-start")
{
    private async Task<string> RefusedAsync(Dictionary<string, string> settings)
    {
        settings["Slack:ApiBaseUrl"] = Slack.ApiBaseUrl;
        settings["Playground:Enabled"] = "false";
        var stopped = await HostProcess.RunToExitAsync(DataDir, settings);
        Assert.Equal(1, stopped.ExitCode);
        Assert.DoesNotContain(" at ", stopped.StandardError + stopped.StandardOutput, StringComparison.Ordinal);
        return Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task A_bot_token_that_is_not_one_is_named()
    {
        var reason = await RefusedAsync(new() { ["Slack:BotToken"] = "xoxp-user-token-secret", ["Slack:SigningSecret"] = "s" });
        Assert.Contains("Slack:BotToken must be a bot token starting with xoxb-", reason);
        Assert.DoesNotContain("xoxp-user-token-secret", reason);
    }

    [Fact]
    public async Task Http_mode_without_a_signing_secret_is_named() =>
        Assert.Contains("Slack:SigningSecret is required", await RefusedAsync(new() { ["Slack:BotToken"] = FakeSlack.BotToken }));

    [Fact]
    public async Task Socket_mode_without_an_app_token_is_named() =>
        Assert.Contains("Slack:AppToken is required with Slack:SocketMode=true", await RefusedAsync(new() { ["Slack:BotToken"] = FakeSlack.BotToken, ["Slack:SocketMode"] = "true" }));

    [Fact]
    public async Task A_token_slack_refuses_is_named()
    {
        var reason = await RefusedAsync(new() { ["Slack:BotToken"] = "xoxb-revoked-token", ["Slack:SigningSecret"] = "s" });
        Assert.Contains("Slack:BotToken was refused by Slack's auth.test (invalid_auth)", reason);
        Assert.DoesNotContain("xoxb-revoked-token", reason);
    }
}
