using System.Text.Json;
using DesignBot.Core.Events;

namespace DesignBot.Slack.Tests;

/// <summary>Slack's published payloads (../shared/fixtures/slack, when that folder is there) map without error.</summary>
public sealed class SlackFixtureTests
{
    private static readonly SlackIdentity s_self = new("T111", "U333", "B333");

    public static string? FixtureFolder()
    {
        if (Environment.GetEnvironmentVariable("DESIGNBOT_SLACK_FIXTURES") is { Length: > 0 } configured)
            return Directory.Exists(configured) ? configured : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "fixtures", "slack"), Path.Combine(dir.FullName, "..", "shared", "fixtures", "slack") })
            {
                if (Directory.Exists(candidate))
                    return Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    [Fact]
    public void Every_published_payload_maps_without_error()
    {
        if (FixtureFolder() is not { } folder)
            return; // The fixtures live beside the repository, not in it; without them the mappers' own tests stand.
        var mapped = new Dictionary<string, SlackMapResult>();
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (Map(name, File.ReadAllText(file)) is { } result)
            {
                Assert.True(result.Error is null, $"{name}: {result.Error}");
                mapped[name] = result;
            }
        }
        Assert.NotEmpty(mapped);
        if (mapped.TryGetValue("event_message_thread_reply.json", out var reply))
            Assert.IsType<ThreadReplyEvent>(reply.Event);
        if (mapped.TryGetValue("event_url_verification.json", out var verification))
            Assert.NotNull(verification.Challenge);
        foreach (var bot in mapped.Where(m => m.Key.StartsWith("event_bot_message", StringComparison.Ordinal)))
            Assert.Null(bot.Value.Event);
        if (mapped.TryGetValue("block_actions_in_thread.json", out var press))
            Assert.IsType<ButtonPressedEvent>(press.Event);
        if (mapped.TryGetValue("slash_command.txt", out var command))
            Assert.IsType<CommandEvent>(command.Event);
    }

    private static SlackMapResult? Map(string name, string text)
    {
        if (name.EndsWith(".txt", StringComparison.Ordinal))
            return SlackMapper.FromCommand(SlackEndpoints.Form(System.Text.Encoding.UTF8.GetBytes(text.Trim()))!, DateTimeOffset.UtcNow);
        if (!name.EndsWith(".json", StringComparison.Ordinal))
            return null;
        var root = JsonDocument.Parse(text).RootElement;
        if (root.TryGetProperty("ok", out _))
            return null; // a Web API response, not a payload
        if (name.StartsWith("socket_", StringComparison.Ordinal))
        {
            if (!root.TryGetProperty("payload", out var payload))
                return null; // hello, disconnect
            return SlackMapper.Str(root, "type") switch
            {
                "events_api" => SlackMapper.FromEventsBody(payload, s_self),
                "slash_commands" => SlackMapper.FromCommand(payload.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!), DateTimeOffset.UtcNow),
                _ => SlackMapper.FromInteraction(payload),
            };
        }
        if (name.StartsWith("event_inner_", StringComparison.Ordinal))
            return SlackMapper.FromEvent("slack-fixture", root, s_self);
        if (name.StartsWith("block_actions", StringComparison.Ordinal))
            return SlackMapper.FromInteraction(root);
        return SlackMapper.FromEventsBody(root, s_self);
    }
}
