using DesignBot.Core.Turns;
using DesignBot.Pipeline;
using DesignBot.Teams.Auth;
using DesignBot.Teams.Outbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Teams;

public static class TeamsServices
{
    /// <summary>
    /// Registers the Teams adapter when <c>Teams:MicrosoftAppId</c> is set (and does nothing otherwise): its options,
    /// validated at start, the inbound token checks, the Bot Connector client and its <see cref="IChannelClient"/>.
    /// </summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        if (!TeamsOptions.IsConfigured(configuration))
            return services;
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        // No per-request logging handlers: every post would open a logging scope and log its start and end (below the
        // default level, yet paid for on each call); failures are logged by the outbox with the message key.
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddSingleton(sp => new SigningKeys(Http(sp), new Uri(Options(sp).OpenIdMetadataUrl), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new InboundTokenValidator(sp.GetRequiredService<SigningKeys>(), Options(sp).MicrosoftAppId!, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConnectorTokenSource>(sp =>
        {
            var options = Options(sp);
            var clock = sp.GetRequiredService<TimeProvider>();
            return options.AppType == TeamsAppType.UserAssignedMSI
                ? new ManagedIdentityTokenSource(options.MicrosoftAppId!, clock, sp.GetService<ManagedIdentityCredentialFactory>())
                : new ClientCredentialsTokenSource(Http(sp), options.ResolvedTokenEndpoint, options.MicrosoftAppId!, options.MicrosoftAppPassword!, clock);
        });
        services.AddSingleton(sp => new BotConnector(Http(sp), sp.GetRequiredService<IConnectorTokenSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TeamsChannelClient(sp.GetRequiredService<BotConnector>(), sp.GetRequiredService<TimeProvider>(), Options(sp).Pacing));
        services.AddSingleton<IChannelClient>(sp => sp.GetRequiredService<TeamsChannelClient>());
        services.AddSingleton<TeamsEndpoint>();
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c> when the adapter is on.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        if (services.GetService<TeamsEndpoint>() is not { } endpoint)
            return app;
        var options = Options(services);
        Log.On(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TeamsEndpoint)), options.MicrosoftAppId!, options.AppType.ToString());
        app.MapPost(TeamsEndpoint.Path, (Func<HttpContext, Task<IResult>>)endpoint.HandleAsync);
        return app;
    }

    private const string HttpClientName = "teams";

    private static TeamsOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<TeamsOptions>>().Value;

    private static HttpClient Http(IServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
}
