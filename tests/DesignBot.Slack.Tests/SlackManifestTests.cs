using YamlDotNet.RepresentationModel;

namespace DesignBot.Slack.Tests;

/// <summary>The app manifests a team installs from ask for the least scopes and point Slack at the endpoints the host serves.</summary>
public sealed class SlackManifestTests
{
    private static readonly string[] s_leastScopes = ["commands", "chat:write", "app_mentions:read", "channels:history", "groups:history", "users:read", "files:write"];
    private static readonly string[] s_events = ["app_mention", "message.channels", "message.groups"];

    private static YamlMappingNode Load(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "manifests", "slack")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(dir.FullName, "manifests", "slack", file))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) => path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string[] Strings(YamlNode node) => [.. ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!)];

    [Theory]
    [InlineData("manifest.yml")]
    [InlineData("manifest.socket-mode.yml")]
    public void Both_manifests_ask_for_the_least_scopes_the_events_and_the_design_command(string file)
    {
        var manifest = Load(file);
        Assert.Equal(s_leastScopes.Order(), Strings(At(manifest, "oauth_config", "scopes", "bot")).Order());
        Assert.Equal(s_events.Order(), Strings(At(manifest, "settings", "event_subscriptions", "bot_events")).Order());
        Assert.Equal("/design", ((YamlScalarNode)At(((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children[0], "command")).Value);
        Assert.Equal("true", ((YamlScalarNode)At(manifest, "settings", "interactivity", "is_enabled")).Value);
    }

    [Fact]
    public void The_http_manifest_points_at_the_three_endpoints_and_the_socket_one_at_none()
    {
        var http = Load("manifest.yml");
        Assert.EndsWith("/slack/events", ((YamlScalarNode)At(http, "settings", "event_subscriptions", "request_url")).Value, StringComparison.Ordinal);
        Assert.EndsWith("/slack/interactions", ((YamlScalarNode)At(http, "settings", "interactivity", "request_url")).Value, StringComparison.Ordinal);
        Assert.EndsWith("/slack/commands", ((YamlScalarNode)At(((YamlSequenceNode)At(http, "features", "slash_commands")).Children[0], "url")).Value, StringComparison.Ordinal);
        Assert.Equal("false", ((YamlScalarNode)At(http, "settings", "socket_mode_enabled")).Value);

        var socket = Load("manifest.socket-mode.yml");
        Assert.Equal("true", ((YamlScalarNode)At(socket, "settings", "socket_mode_enabled")).Value);
        Assert.DoesNotContain(((YamlMappingNode)At(socket, "settings", "event_subscriptions")).Children.Keys, k => ((YamlScalarNode)k).Value == "request_url");
    }
}
