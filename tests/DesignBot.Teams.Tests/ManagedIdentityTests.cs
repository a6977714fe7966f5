using Azure.Core;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Teams.Auth;
using DesignBot.Teams.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Teams.Tests;

/// <summary>
/// <c>Teams:MicrosoftAppType=UserAssignedMSI</c> as the host composes it (AddTeams), with the managed identity's
/// credential replaced by a fake one: the token is asked for the connector's scope and the app id as client id, and it is
/// what the Bot Connector sees; no secret and no token endpoint are involved.
/// </summary>
public sealed class ManagedIdentityTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task The_managed_identitys_token_for_the_connector_scope_is_what_the_connector_sees()
    {
        var credential = new FakeCredential("bot-token-from-managed-identity");
        string? askedForClientId = null;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:MicrosoftAppId"] = FakeBotFramework.AppId,
            ["Teams:MicrosoftAppType"] = "UserAssignedMSI",
            ["Teams:MicrosoftAppTenantId"] = FakeBotFramework.Tenant,
            ["Teams:OpenIdMetadataUrl"] = _fake.MetadataUrl,
            ["Teams:TokenEndpoint"] = _fake.TokenEndpoint,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddLogging()
            .AddSingleton<ManagedIdentityCredentialFactory>(clientId =>
            {
                askedForClientId = clientId;
                return credential;
            });
        services.AddTeams(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<ManagedIdentityTokenSource>(provider.GetRequiredService<IConnectorTokenSource>());
        var client = provider.GetRequiredService<TeamsChannelClient>();
        var channel = new ChannelRef("teams", Activities.ChannelId) { Address = new TeamsAddress(_fake.ServiceUrl, Activities.Tenant, Activities.TeamId, Activities.ChannelId, IsChannel: true).Encode() };
        var root = await client.PostAsync(channel, null, new OutboundMessage("m1", channel, ReviewMessages.Text("**Step 1/6 · Scope**")), "k1");
        await client.PostAsync(channel, root.ThreadId, new OutboundMessage("m2", channel, ReviewMessages.Text("Q1/9: Why do we need this?")), "k2");

        Assert.Equal(FakeBotFramework.AppId, askedForClientId);
        var request = Assert.Single(credential.Requests); // cached for the second post
        Assert.Equal([TeamsOptions.ConnectorScope], request.Scopes);
        Assert.Equal(2, _fake.Calls.Count);
        Assert.All(_fake.Calls, call => Assert.Equal("Bearer bot-token-from-managed-identity", call.Authorization));
        Assert.Equal(0, _fake.TokenRequests);
    }

    private sealed class FakeCredential(string token) : TokenCredential
    {
        public List<TokenRequestContext> Requests { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Requests)
                Requests.Add(requestContext);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
