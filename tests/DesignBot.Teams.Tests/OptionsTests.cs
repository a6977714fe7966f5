using System.Net;
using DesignBot.Testing;
using Microsoft.Extensions.Configuration;

namespace DesignBot.Teams.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "designbot-teams-options", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static IReadOnlyList<string> Errors(TeamsOptions options)
    {
        var result = new TeamsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Single_tenant_is_the_default_and_needs_a_tenant_and_a_secret()
    {
        var options = new TeamsOptions { MicrosoftAppId = "app" };
        Assert.Equal(TeamsAppType.SingleTenant, options.AppType);
        var errors = Errors(options);
        Assert.Contains(errors, e => e.StartsWith("Teams:MicrosoftAppTenantId is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Teams:MicrosoftAppPassword is required", StringComparison.Ordinal));

        options.MicrosoftAppTenantId = "contoso-tenant";
        options.MicrosoftAppPassword = "s3cret";
        Assert.Empty(Errors(options));
        Assert.Equal("https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token", options.ResolvedTokenEndpoint.ToString());
        Assert.Equal(TeamsOptions.DefaultOpenIdMetadataUrl, options.OpenIdMetadataUrl);
    }

    [Fact]
    public void Multi_tenant_needs_no_tenant_and_gets_its_tokens_from_botframework_com()
    {
        var options = new TeamsOptions { MicrosoftAppId = "app", MicrosoftAppType = "MultiTenant", MicrosoftAppPassword = "s3cret" };
        Assert.Empty(Errors(options));
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", options.ResolvedTokenEndpoint.ToString());
    }

    [Fact]
    public void A_user_assigned_managed_identity_needs_no_secret()
    {
        Assert.Empty(Errors(new TeamsOptions { MicrosoftAppId = "app", MicrosoftAppType = "UserAssignedMSI", MicrosoftAppTenantId = "t" }));
    }

    [Fact]
    public void Bad_values_are_named_by_their_keys_and_secrets_are_not_repeated()
    {
        var errors = Errors(new TeamsOptions { MicrosoftAppId = "app", MicrosoftAppType = "Federated", MicrosoftAppPassword = "s3cret", MicrosoftAppTenantId = "t", OpenIdMetadataUrl = "nope", TokenEndpoint = "ftp://x" });
        Assert.Contains(errors, e => e.StartsWith("Teams:MicrosoftAppType must be SingleTenant, MultiTenant or UserAssignedMSI, not 'Federated'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Teams:OpenIdMetadataUrl must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Teams:TokenEndpoint must be", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Pacing_defaults_to_teams_documented_limits_when_nothing_is_configured()
    {
        var options = Bind(new Dictionary<string, string?> { ["Teams:MicrosoftAppId"] = "app" });

        Assert.Equal(7, options.Pacing.PerThreadPerSecond);
        Assert.Equal(8, options.Pacing.PerThreadPer2Seconds);
        Assert.Equal(60, options.Pacing.PerThreadPer30Seconds);
        Assert.Equal(1800, options.Pacing.PerThreadPerHour);
        Assert.Equal(50, options.Pacing.PerTenantPerSecond);
    }

    [Fact]
    public void Pacing_keys_set_the_windows_and_a_negative_count_is_named_by_its_key()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Teams:MicrosoftAppId"] = "app",
            ["Teams:MicrosoftAppPassword"] = "s3cret",
            ["Teams:MicrosoftAppTenantId"] = "t",
            ["Teams:Pacing:PerThreadPerSecond"] = "0",
            ["Teams:Pacing:PerTenantPerSecond"] = "20",
            ["Teams:Pacing:PerThreadPerHour"] = "-1",
        });

        Assert.Equal(0, options.Pacing.PerThreadPerSecond);
        Assert.Equal(20, options.Pacing.PerTenantPerSecond);
        var error = Assert.Single(Errors(options));
        Assert.Equal("Teams:Pacing:PerThreadPerHour must be a number of messages, or 0 for no limit; not -1.", error);

        options.Pacing.PerThreadPerHour = 0;
        Assert.Empty(Errors(options));
    }

    private static TeamsOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new TeamsOptions();
        ConfigurationBinder.Bind(configuration.GetSection(TeamsOptions.Section), options);
        return options;
    }

    [Fact]
    public async Task A_host_with_teams_misconfigured_stops_with_one_line_naming_the_key()
    {
        var stopped = await HostProcess.RunToExitAsync(_dataDir, new Dictionary<string, string>
        {
            ["Teams:MicrosoftAppId"] = FakeBotFramework.AppId,
            ["Teams:MicrosoftAppTenantId"] = FakeBotFramework.Tenant,
        });

        Assert.Equal(1, stopped.ExitCode);
        var reason = Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Teams:MicrosoftAppPassword is required", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beside_teams_the_playground_is_off_and_the_secret_never_reaches_the_log()
    {
        await using var fake = await FakeBotFramework.StartAsync();
        var settings = TeamsHost.Settings(fake);
        settings["Logging:LogLevel:Default"] = "Debug";
        await using var host = await HostProcess.StartAsync(_dataDir, settings);
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/playground/api/messages")).StatusCode);
        // Something that makes the host fetch a token and post: a welcome.
        var activities = new Activities(fake.ServiceUrl, $"19:{Guid.NewGuid():N}@thread.tacv2");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activities.BotAdded("alice").ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fake.Token(fake.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        await fake.WaitForAsync(c => c.Count > 0, "the welcome");

        Assert.Contains("Teams adapter on at POST /api/messages", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeBotFramework.Secret, host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bot-token-", host.Output, StringComparison.Ordinal);
    }
}
