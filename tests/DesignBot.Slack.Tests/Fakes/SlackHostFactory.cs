using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Slack.Tests.Fakes;

/// <summary>The real host in memory, configured for Slack against <paramref name="slack"/>; its own SQLite files in a temp folder.</summary>
public sealed class SlackHostFactory(FakeSlack slack, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "designbot-slack-tests", Guid.NewGuid().ToString("N"));

    public static Dictionary<string, string?> SlackSettings(FakeSlack slack, string dataDir) => new()
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = Path.Combine(dataDir, "designbot.db"),
        ["Playground:Path"] = Path.Combine(dataDir, "playground.db"),
        ["DesignBot:PublicBaseUrl"] = "http://localhost",
        ["DesignBot:LinkSigningKey"] = "test-signing-key",
        ["DesignBot:SettleSeconds"] = "0",
        ["Slack:SigningSecret"] = SlackPayloads.SigningSecret,
        ["Slack:BotToken"] = FakeSlack.BotToken,
        ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
        ["Slack:PostsPerSecondPerChannel"] = "200",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var config = SlackSettings(slack, DataDir);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        foreach (var (key, value) in config)
            builder.UseSetting(key, value);
        if (services is not null)
            builder.ConfigureTestServices(services);
    }

    public SlackTeam Team() => new(CreateClient(), slack);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
