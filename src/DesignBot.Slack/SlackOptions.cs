using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DesignBot.Slack;

/// <summary>
/// The Slack app's settings, bound from <c>Slack</c> with Slack's own key names. Secrets (SigningSecret, BotToken,
/// AppToken) are never logged; a bad value stops the host at start with a message naming the key.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Basic Information → Signing Secret: verifies that HTTP requests come from Slack. Not needed in Socket Mode.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>OAuth &amp; Permissions → Bot User OAuth Token (<c>xoxb-…</c>).</summary>
    public string? BotToken { get; set; }

    /// <summary>An app-level token (<c>xapp-…</c>, scope <c>connections:write</c>) for Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>Receive events over a WebSocket (no public URL) instead of HTTP requests; needs <see cref="AppToken"/>.</summary>
    public bool SocketMode { get; set; }

    /// <summary>The Web API's base URL; tests point it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Posts per second per channel (Slack allows about one, with short bursts).</summary>
    public int PostsPerSecondPerChannel { get; set; } = 1;

    /// <summary>Whether the configuration turns Slack on: any of its credentials is set.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        new[] { "SigningSecret", "BotToken", "AppToken" }.Any(key => !string.IsNullOrWhiteSpace(configuration[$"{Section}:{key}"]));

    public Uri ApiBase => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/");
}

/// <summary>The rules for <see cref="SlackOptions"/>, each failure naming its key (and never its value).</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
            failures.Add("Slack:BotToken is required (OAuth & Permissions → Bot User OAuth Token, xoxb-…).");
        else if (!options.BotToken.StartsWith("xoxb-", StringComparison.Ordinal))
            failures.Add("Slack:BotToken must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token).");
        if (options.SocketMode)
        {
            if (string.IsNullOrWhiteSpace(options.AppToken))
                failures.Add("Slack:AppToken is required with Slack:SocketMode=true (Basic Information → App-Level Tokens, scope connections:write, xapp-…).");
            else if (!options.AppToken.StartsWith("xapp-", StringComparison.Ordinal))
                failures.Add("Slack:AppToken must be an app-level token starting with xapp-.");
        }
        else if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            failures.Add("Slack:SigningSecret is required for HTTP mode (Basic Information → Signing Secret); or set Slack:SocketMode=true with Slack:AppToken.");
        }
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            failures.Add($"Slack:ApiBaseUrl must be an absolute http(s) URL (default {SlackOptions.DefaultApiBaseUrl}).");
        if (options.PostsPerSecondPerChannel is < 1 or > 1000)
            failures.Add("Slack:PostsPerSecondPerChannel must be between 1 and 1000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
