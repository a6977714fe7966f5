using DesignBot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DesignBot.Host.Hosting;

/// <summary>Creates the store's tables before the workers start (hosted services start in registration order).</summary>
public sealed class StoreInitializer(IReviewStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>/healthz: healthy when the store answers.</summary>
public sealed class StoreHealthCheck(IReviewStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy("storage answers") : HealthCheckResult.Unhealthy("storage did not answer");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("storage failed", ex);
        }
    }
}
