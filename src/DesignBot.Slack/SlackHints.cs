using System.Collections.Concurrent;
using System.Net.Http.Json;
using DesignBot.Slack.Api;

namespace DesignBot.Slack;

/// <summary>
/// Tells a user what to do when the bot cannot post in their channel (<c>not_in_channel</c>, <c>channel_not_found</c>):
/// the bot cannot post there even ephemerally, so the hint goes through the response_url of the slash command they just
/// typed there (valid for 30 minutes). Only Slack's own hooks host (or the configured API host, for tests) is called.
/// </summary>
public sealed class SlackHints(HttpClient http, Uri apiBase, TimeProvider clock)
{
    public static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);
    public const string InviteHint = "I'm not a member of this channel yet, so I can't post here. Type `/invite @DesignBot` in this channel, then try again.";

    private readonly ConcurrentDictionary<string, (Uri Url, DateTimeOffset At)> _latest = new(StringComparer.Ordinal);

    /// <summary>Keeps the response_url of a slash command typed in <paramref name="channel"/>, when it is one Slack would send.</summary>
    public void Remember(string channel, string? responseUrl)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var url))
            return;
        var slackHook = url.Scheme == Uri.UriSchemeHttps && url.Host == "hooks.slack.com";
        var sameAsApi = url.Scheme == apiBase.Scheme && url.Host == apiBase.Host && url.Port == apiBase.Port;
        if (!slackHook && !sameAsApi)
            return;
        if (_latest.Count > 10_000)
            _latest.Clear();
        _latest[channel] = (url, clock.GetUtcNow());
    }

    /// <summary>Sends the invite hint to whoever last typed a command in <paramref name="channel"/>; false when nobody can be told.</summary>
    public async Task<bool> NotInChannelAsync(string channel, CancellationToken cancellationToken = default)
    {
        if (!_latest.TryRemove(channel, out var latest) || clock.GetUtcNow() - latest.At > ResponseUrlLifetime)
            return false;
        try
        {
            using var response = await http.PostAsJsonAsync(latest.Url, new { response_type = "ephemeral", replace_original = false, text = InviteHint }, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
