using DesignBot.Core.Turns;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Playground;

/// <summary>The playground's settings, bound from <c>Playground</c>.</summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>Unset: on unless a chat platform is configured (see <see cref="PlaygroundActivation"/>). After configuration it is never null.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Serve requests from other machines too. Off: loopback callers only, the playground acts as anyone.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>The playground's own chat history (it plays the chat platform, so it keeps what was said). Relative to the content root.</summary>
    public string Path { get; set; } = "data/playground.db";

    /// <summary>Where users reach this host (the host sets it from its public base URL): its host name is allowed in the Host header, its origin in Origin.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The chat platform configured beside the playground ("Slack", "Teams"), or null; set from configuration.</summary>
    public string? Platform { get; set; }
}

/// <summary>Whether the playground is on: what Playground:Enabled says, and when it says nothing, on only without a chat platform.</summary>
public static class PlaygroundActivation
{
    /// <summary>The chat platform the configuration sets up, by the keys the Slack and Teams adapters turn on with (Slack:BotToken, Teams:MicrosoftAppId); null when none.</summary>
    public static string? ConfiguredPlatform(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]))
            return "Slack";
        if (!string.IsNullOrWhiteSpace(configuration["Teams:MicrosoftAppId"]))
            return "Teams";
        return null;
    }

    public static bool IsEnabled(bool? enabled, string? platform) => enabled ?? platform is null;
}

public static class PlaygroundServices
{
    /// <summary>Registers the playground adapter: its channel client (an <see cref="IChannelClient"/> for the pipeline), its store and its live feed.</summary>
    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.Section).PostConfigure<IConfiguration>((options, configuration) =>
        {
            options.Platform = PlaygroundActivation.ConfiguredPlatform(configuration);
            options.Enabled = PlaygroundActivation.IsEnabled(options.Enabled, options.Platform);
        });
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Path;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var fullPath = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(root, path));
            Log.HistoryOpened(sp.GetRequiredService<ILogger<PlaygroundStore>>(), fullPath);
            return new PlaygroundStore(fullPath);
        });
        services.AddSingleton<PlaygroundHub>();
        // The store (its file) opens on the first post: a host with the playground off never creates playground.db.
        services.AddSingleton(sp => new PlaygroundChannelClient(
            new Lazy<PlaygroundStore>(sp.GetRequiredService<PlaygroundStore>), sp.GetRequiredService<PlaygroundHub>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IChannelClient>(sp => sp.GetRequiredService<PlaygroundChannelClient>());
        return services;
    }

    /// <summary>
    /// Serves the page at / and its API at /playground/api, guarded (<see cref="PlaygroundGuard"/>); its event streams
    /// end when the host starts stopping, so open tabs do not hold up shutdown. Says so in the log when a chat platform
    /// is configured too.
    /// </summary>
    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var options = services.GetRequiredService<IOptions<PlaygroundOptions>>().Value;
        if (options.Platform is { } platform)
            Log.OnBesidePlatform(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlaygroundApi)), platform, options.AllowRemote ? "this host" : "this machine");
        var hub = services.GetRequiredService<PlaygroundHub>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(hub.Close);
        return app.MapPlaygroundApi();
    }
}
