using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DesignBot.Testing;

namespace DesignBot.Teams.Tests;

/// <summary>The real host as a process with Teams configured against the fake Bot Framework on 127.0.0.1 (playground off).</summary>
public sealed class TeamsHost : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "designbot-teams", Guid.NewGuid().ToString("N"));

    public FakeBotFramework Fake { get; private set; } = null!;
    public HostProcess Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fake = await FakeBotFramework.StartAsync();
        Host = await HostProcess.StartAsync(_dataDir, Settings(Fake));
        Http = Host.CreateClient();
    }

    public static Dictionary<string, string> Settings(FakeBotFramework fake) => new()
    {
        ["Teams:MicrosoftAppId"] = FakeBotFramework.AppId,
        ["Teams:MicrosoftAppPassword"] = FakeBotFramework.Secret,
        ["Teams:MicrosoftAppTenantId"] = FakeBotFramework.Tenant,
        ["Teams:OpenIdMetadataUrl"] = fake.MetadataUrl,
        ["Teams:TokenEndpoint"] = fake.TokenEndpoint,
        ["Playground:Enabled"] = "",
        ["DesignBot:SettleSeconds"] = "0",
    };

    /// <summary>Sends an activity as the Bot Connector does: signed for its service URL.</summary>
    public async Task<HttpResponseMessage> SendAsync(JsonObject activity, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Fake.Token(activity["serviceUrl"]!.GetValue<string>()));
        return await Http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Fake.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
