using DesignBot.Core.Turns;
using DesignBot.Slack.Api;
using DesignBot.Slack.SocketMode;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Slack;

public static class SlackServices
{
    /// <summary>
    /// Registers the Slack adapter when the configuration has a Slack credential (<see cref="SlackOptions.IsConfigured"/>):
    /// its options (validated at start), the Web API clients, the channel client for the pipeline, the bot's identity
    /// (auth.test at start), and Socket Mode when <c>Slack:SocketMode</c> is true. Without Slack settings it does nothing.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        if (!SlackOptions.IsConfigured(configuration))
            return services;
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddHttpClient(SlackOptions.Section, http => http.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(sp => new SlackApiTransport(Http(sp), Options(sp).ApiBase));
        services.AddSingleton<ISlackAuthApi>(sp => new SlackAuthApi(sp.GetRequiredService<SlackApiTransport>(), Options(sp).BotToken!));
        services.AddSingleton<ISlackChatApi>(sp => new SlackChatApi(sp.GetRequiredService<SlackApiTransport>(), Options(sp).BotToken!));
        services.AddSingleton<ISlackConversationsApi>(sp => new SlackConversationsApi(sp.GetRequiredService<SlackApiTransport>(), Options(sp).BotToken!));
        services.AddSingleton<ISlackUsersApi>(sp => new SlackUsersApi(sp.GetRequiredService<SlackApiTransport>(), Options(sp).BotToken!));
        services.AddSingleton<ISlackFilesApi>(sp => new SlackFilesApi(sp.GetRequiredService<SlackApiTransport>(), Options(sp).BotToken!));
        services.AddSingleton<SlackUserDirectory>();
        services.AddSingleton(sp => new SlackHints(Http(sp), Options(sp).ApiBase, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SlackChannelClient(
            sp.GetRequiredService<ISlackChatApi>(), sp.GetRequiredService<ISlackConversationsApi>(), sp.GetRequiredService<ISlackFilesApi>(),
            sp.GetRequiredService<SlackUserDirectory>(), sp.GetRequiredService<SlackHints>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackChannelClient>>(), Options(sp).PostsPerSecondPerChannel));
        services.AddSingleton<IChannelClient>(sp => sp.GetRequiredService<SlackChannelClient>());
        services.AddSingleton<SlackIdentityProvider>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackIdentityProvider>());
        services.AddSingleton<ISlackInbound, SlackInbound>();
        if (configuration.GetValue<bool>($"{SlackOptions.Section}:{nameof(SlackOptions.SocketMode)}"))
        {
            services.AddSingleton<ISlackAppsApi>(sp => new SlackAppsApi(sp.GetRequiredService<SlackApiTransport>(), Options(sp).AppToken!));
            services.AddHostedService<SlackSocketModeClient>();
        }
        return services;
    }

    /// <summary>Maps POST /slack/events, /slack/commands and /slack/interactions when Slack is configured (in Socket Mode too: they refuse unsigned requests).</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetService<ISlackInbound>() is null)
            return app;
        return app.MapSlackEndpoints();
    }

    /// <summary>
    /// Asks Slack who the bot is before the host starts (when Slack is configured): a token Slack refuses stops the start
    /// with an <see cref="OptionsValidationException"/> naming Slack:BotToken, reported as one line like any bad setting.
    /// </summary>
    public static async Task SignInToSlackAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<SlackIdentityProvider>() is { } identity)
        {
            // The options are validated first, so a missing or malformed token is named before Slack is asked.
            _ = services.GetRequiredService<IOptions<SlackOptions>>().Value;
            await identity.SignInAsync(cancellationToken);
        }
    }

    private static SlackOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<SlackOptions>>().Value;

    private static HttpClient Http(IServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient(SlackOptions.Section);
}
