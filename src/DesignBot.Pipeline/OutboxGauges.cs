using System.Diagnostics.Metrics;
using DesignBot.Core.Diagnostics;
using DesignBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DesignBot.Pipeline;

/// <summary>
/// The outbox's depth and oldest age as observable gauges. Reading the store is I/O, which a gauge's callback must
/// not wait for: each observation reports the last sample and starts a fresh one, so nothing is read unless a
/// collector asks, and what it sees is at most one collection old.
/// </summary>
public sealed class OutboxGauges : IHostedService, IDisposable
{
    private readonly IReviewStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxGauges> _logger;
    // A meter of this host's own (same name as the core's), so a stopped host's gauges go with it.
    private readonly Meter _meter = new(DesignBotTelemetry.Name);
    private int _sampling;
    private Sample? _last;

    private sealed record Sample(int Depth, DateTimeOffset? Oldest);

    public OutboxGauges(IReviewStore store, TimeProvider clock, ILogger<OutboxGauges> logger)
    {
        (_store, _clock, _logger) = (store, clock, logger);
        _meter.CreateObservableGauge("designbot.outbox.depth", ObserveDepth, "{message}", "Messages queued and not yet sent, all queues.");
        _meter.CreateObservableGauge("designbot.outbox.oldest_age", ObserveOldestAge, "s", "How long the longest-waiting unsent message has been queued.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    /// <summary>Reads a fresh sample now (the gauges report it from the next observation on).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken = default)
    {
        var depth = await _store.CountPendingOutboxAsync(cancellationToken);
        var oldest = depth == 0 ? null : await _store.OldestPendingOutboxAsync(cancellationToken);
        _last = new Sample(depth, oldest);
    }

    private IEnumerable<Measurement<int>> ObserveDepth()
    {
        RefreshInBackground();
        return _last is { } last ? [new Measurement<int>(last.Depth)] : [];
    }

    private IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        RefreshInBackground();
        if (_last is not { } last)
            return [];
        var age = last.Oldest is { } oldest ? Math.Max(0, (_clock.GetUtcNow() - oldest).TotalSeconds) : 0;
        return [new Measurement<double>(age)];
    }

    private void RefreshInBackground()
    {
        if (Interlocked.Exchange(ref _sampling, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await SampleAsync();
            }
            catch (Exception ex)
            {
                Log.OutboxSampleFailed(_logger, ex);
            }
            finally
            {
                Volatile.Write(ref _sampling, 0);
            }
        });
    }
}
