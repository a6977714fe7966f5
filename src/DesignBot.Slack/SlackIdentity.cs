namespace DesignBot.Slack;

/// <summary>Who the bot is in the workspace, from <c>auth.test</c> at start: its messages are never read as members' words.</summary>
public sealed record SlackIdentity(string TeamId, string UserId, string? BotId)
{
    public bool IsSelf(string? userId, string? botId) =>
        (userId is not null && userId == UserId) || (botId is not null && botId == BotId);
}
