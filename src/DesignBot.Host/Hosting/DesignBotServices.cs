using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;
using DesignBot.Host.Pipeline;
using DesignBot.Host.Playground;
using DesignBot.Host.ReviewPages;
using DesignBot.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace DesignBot.Host.Hosting;

/// <summary>Wires DesignBot into the host: options, the store, the engine, the pipeline workers and the channels.</summary>
public static class DesignBotServices
{
    public static WebApplicationBuilder AddDesignBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DesignBotOptions>().BindConfiguration(DesignBotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Provider == "Sqlite", "Storage:Provider AzureTables is not available in this build; use Sqlite.")
            .ValidateOnStart();
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IReviewStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var path = ContentPath(builder, storage.Sqlite.Path);
            Log.StorageReady(sp.GetRequiredService<ILogger<SqliteReviewStore>>(), "Sqlite", path);
            return new SqliteReviewStore(new SqliteStoreOptions { Path = path });
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DesignBotOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var keyFile = Path.Combine(Path.GetDirectoryName(ContentPath(builder, storage.Sqlite.Path))!, "link-signing.key");
            var logger = sp.GetRequiredService<ILogger<ReviewLinkSigner>>();
            var key = ReviewLinkSigner.LoadOrCreateKey(options.LinkSigningKey, keyFile, () => Log.SigningKeyGenerated(logger, keyFile));
            return new ReviewLinkSigner(key, options.PublicBaseUrl);
        });
        services.AddSingleton(sp => new ReviewEngine(TemplateLoader.Default, sp.GetRequiredService<ReviewLinkSigner>()));
        services.AddSingleton<TurnProcessor>(sp => new TurnProcessor(sp.GetRequiredService<IReviewStore>(), sp.GetRequiredService<ReviewEngine>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<IReviewStore>(),
            ChannelClients(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<DesignBotOptions>>().Value.InstanceId ?? Environment.MachineName));
        services.AddSingleton<PipelineSignals>();
        services.AddSingleton<InboxQueue>();
        services.AddSingleton<EventIntake>();
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<InboxWorker>();
        services.AddHostedService<OutboxWorker>();

        // Configuration is read when services resolve, not here, so tests' and command-line overrides always apply.
        services.AddSingleton(sp => new PlaygroundStore(ContentPath(builder, sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Path)));
        services.AddSingleton<PlaygroundHub>();
        services.AddSingleton<PlaygroundChannelClient>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("storage");
        return builder;
    }

    public static WebApplication MapDesignBot(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        app.MapReviewPages();
        if (app.Services.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Enabled)
            app.MapPlayground();
        return app;
    }

    /// <summary>The platforms this host posts to: every registered adapter, plus the playground when it is on.</summary>
    private static IEnumerable<IChannelClient> ChannelClients(IServiceProvider sp)
    {
        var clients = sp.GetServices<IChannelClient>().ToList();
        if (sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Enabled)
            clients.Add(sp.GetRequiredService<PlaygroundChannelClient>());
        return clients;
    }

    /// <summary>Relative paths are relative to the content root (the repository root under `dotnet run`).</summary>
    private static string ContentPath(WebApplicationBuilder builder, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(builder.Environment.ContentRootPath, path));
}
