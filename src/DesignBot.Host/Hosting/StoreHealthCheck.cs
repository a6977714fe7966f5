using DesignBot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DesignBot.Host.Hosting;

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
