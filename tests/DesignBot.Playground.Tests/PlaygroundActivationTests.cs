using Microsoft.Extensions.Configuration;

namespace DesignBot.Playground.Tests;

public sealed class PlaygroundActivationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Without_a_chat_platform_it_is_on_by_default()
    {
        var platform = PlaygroundActivation.ConfiguredPlatform(Config());
        Assert.Null(platform);
        Assert.True(PlaygroundActivation.IsEnabled(null, platform));
    }

    [Theory]
    [InlineData("Slack:BotToken", "xoxb-1", "Slack")]
    [InlineData("Teams:MicrosoftAppId", "00000000-0000-0000-0000-000000000001", "Teams")]
    public void Beside_a_chat_platform_it_is_off_unless_turned_on(string key, string value, string expected)
    {
        var platform = PlaygroundActivation.ConfiguredPlatform(Config((key, value)));
        Assert.Equal(expected, platform);
        Assert.False(PlaygroundActivation.IsEnabled(null, platform));
        Assert.True(PlaygroundActivation.IsEnabled(true, platform));
    }

    [Fact]
    public void An_explicit_false_wins_and_an_empty_platform_key_configures_nothing()
    {
        Assert.False(PlaygroundActivation.IsEnabled(false, null));
        Assert.Null(PlaygroundActivation.ConfiguredPlatform(Config(("Slack:BotToken", " "), ("Teams:MicrosoftAppId", ""))));
    }
}
