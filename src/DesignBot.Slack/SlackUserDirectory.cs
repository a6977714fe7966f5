using System.Collections.Concurrent;
using DesignBot.Slack.Api;

namespace DesignBot.Slack;

/// <summary>
/// Display names of Slack users, from users.info, kept for the life of the process. Mentions in a member's text are
/// decoded with the names already known (<see cref="Known"/>, no I/O before the ack); a mention of someone not yet
/// known is looked up in the background, so it reads by name from then on.
/// </summary>
public sealed class SlackUserDirectory(ISlackUsersApi users)
{
    private const int MaxKept = 50_000;
    private readonly ConcurrentDictionary<string, string?> _names = new(StringComparer.Ordinal);

    /// <summary>The name when it is known now; null otherwise (and its lookup starts, once).</summary>
    public string? Known(string userId)
    {
        if (_names.TryGetValue(userId, out var name))
            return name;
        _ = WarmAsync(userId);
        return null;
    }

    public async Task<string?> NameAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (_names.TryGetValue(userId, out var known) && known is not null)
            return known;
        var name = await users.DisplayNameAsync(userId, cancellationToken);
        if (_names.Count >= MaxKept)
            _names.Clear();
        _names[userId] = name;
        return name;
    }

    private async Task WarmAsync(string userId)
    {
        try
        {
            await NameAsync(userId);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException or TaskCanceledException)
        {
            // Best effort: the mention reads as its id until a later lookup succeeds.
        }
    }
}
