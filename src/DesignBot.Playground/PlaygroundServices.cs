using DesignBot.Core.Turns;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Playground;

/// <summary>The playground's settings, bound from <c>Playground</c>.</summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    public bool Enabled { get; set; }

    /// <summary>The playground's own chat history (it plays the chat platform, so it keeps what was said). Relative to the content root.</summary>
    public string Path { get; set; } = "data/playground.db";
}

public static class PlaygroundServices
{
    /// <summary>Registers the playground adapter: its channel client (an <see cref="IChannelClient"/> for the pipeline), its store and its live feed.</summary>
    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.Section);
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Path;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var fullPath = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(root, path));
            Log.HistoryOpened(sp.GetRequiredService<ILogger<PlaygroundStore>>(), fullPath);
            return new PlaygroundStore(fullPath);
        });
        services.AddSingleton<PlaygroundHub>();
        services.AddSingleton<PlaygroundChannelClient>();
        services.AddSingleton<IChannelClient>(sp => sp.GetRequiredService<PlaygroundChannelClient>());
        return services;
    }

    /// <summary>Serves the page at / and its API at /playground/api.</summary>
    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder app) => app.MapPlaygroundApi();
}
