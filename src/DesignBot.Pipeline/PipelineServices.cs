using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Pipeline;

/// <summary>This host's part in the pipeline; bound from <c>DesignBot</c>.</summary>
public sealed class PipelineOptions
{
    public const string Section = "DesignBot";

    /// <summary>Names this host's outbox claims; must differ between hosts sharing one store. Default: machine name.</summary>
    public string? InstanceId { get; set; }

    public string Owner => string.IsNullOrWhiteSpace(InstanceId) ? Environment.MachineName : InstanceId;

    /// <summary>
    /// <c>DesignBot:HoldOutbox</c>: while true, this host accepts and processes events but sends nothing; queued messages
    /// wait in the outbox for a host without the hold. For tests that must crash a host with work known to be pending,
    /// and for draining a host before maintenance. Off by default; the host logs a warning at start when it is on.
    /// </summary>
    public bool HoldOutbox { get; set; }
}

public static class PipelineServices
{
    /// <summary>
    /// The durable pipeline: the intake adapters hand events to, the turn processor and outbox dispatcher, and the inbox,
    /// outbox and wake workers. Needs an <see cref="IReviewStore"/>, a <see cref="ReviewEngine"/> and the adapters'
    /// <see cref="IChannelClient"/>s registered beside it.
    /// </summary>
    public static IServiceCollection AddDesignBotPipeline(this IServiceCollection services)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section);
        services.AddOptions<WakeOptions>().BindConfiguration(WakeOptions.Section)
            .Validate(o => WakeOptions.IsValidPoll(o.PollSeconds), "DesignBot:Reminders:PollSeconds must be between 0.1 and 3600 seconds.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostRecordedSignal>();
        services.AddSingleton(sp => new UserNames(sp.GetServices<IChannelClient>()));
        services.AddSingleton(sp => new TurnProcessor(
            sp.GetRequiredService<IReviewStore>(), sp.GetRequiredService<ReviewEngine>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PostRecordedSignal>(),
            userNames: sp.GetRequiredService<UserNames>())
        {
            Logger = sp.GetRequiredService<ILogger<TurnProcessor>>(),
        });
        services.AddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<IReviewStore>(),
            sp.GetServices<IChannelClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value.Owner,
            sp.GetRequiredService<PostRecordedSignal>())
        {
            Logger = sp.GetRequiredService<ILogger<OutboxDispatcher>>(),
        });
        services.AddSingleton<PipelineSignals>();
        services.AddSingleton<InboxQueue>();
        services.AddSingleton<EventIntake>();
        // Hosted services start in registration order: the store's tables exist before the workers look at them.
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<InboxWorker>();
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<WakeWorker>();
        services.AddSingleton<OutboxGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxGauges>());
        return services;
    }
}

/// <summary>Creates the store's tables before the workers start.</summary>
public sealed class StoreInitializer(IReviewStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
