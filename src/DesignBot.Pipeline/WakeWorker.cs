using DesignBot.Core.Events;
using DesignBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Pipeline;

/// <summary>The wake worker's settings, bound from <c>DesignBot:Reminders</c> (the engine's reminder keys live there too).</summary>
public sealed class WakeOptions
{
    public const string Section = "DesignBot:Reminders";

    public const double DefaultPollSeconds = 15;

    /// <summary><c>DesignBot:Reminders:PollSeconds</c>: how often the store is asked for due wakes; a reminder goes out at most this late.</summary>
    public double PollSeconds { get; set; } = DefaultPollSeconds;

    public static bool IsValidPoll(double seconds) => seconds is >= 0.1 and <= 3600;
}

/// <summary>
/// Turns the reviews' due wake times into inbox events. Every <see cref="WakeOptions.PollSeconds"/> (on the injected
/// clock) it claims the wakes that are due under a lease (<see cref="IReviewStore.ClaimDueWakesAsync"/>) and hands a
/// <see cref="WakeEvent"/> for each to the intake, as an adapter hands over a platform event: stored in the inbox, then
/// processed by the inbox worker. The event's id names the review and the wake time, so a wake fed twice (by two hosts
/// whose claims overlapped, or again after a crash between claim and accept, once the lease ran out) is stored once and
/// applied once. The turn the event causes commits the review's next wake time, which retires this one. A store that
/// fails is logged and asked again next round; the worker never stops the host.
/// </summary>
public sealed class WakeWorker(IReviewStore store, EventIntake intake, TimeProvider clock, IOptions<WakeOptions> options, IOptions<PipelineOptions> pipeline, ILogger<WakeWorker> logger) : BackgroundService
{
    /// <summary>
    /// How long a claimed wake is this host's: from the claim until its turn commits the next wake time. A crash before
    /// the event reached the inbox delays the wake by at most this much; a slower turn only means the wake is fed again
    /// and stored once.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Wakes claimed at a time; a round claims again while it gets full batches.</summary>
    public const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var owner = pipeline.Value.Owner;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        // Wakes this instance claimed when it last stopped (a crash) are ours to feed now, not when their leases run out.
        var released = false;
        do
        {
            try
            {
                if (!released)
                {
                    await store.ReleaseWakeLeasesAsync(owner, stoppingToken);
                    released = true;
                }
                await FeedDueWakesAsync(owner, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WakeRoundFailed(logger, ex);
            }
        }
        while (await WaitForNextRoundAsync(timer, stoppingToken));
    }

    /// <summary>One round: claims due wakes until none are left and feeds each into the inbox.</summary>
    private async Task FeedDueWakesAsync(string owner, CancellationToken stoppingToken)
    {
        IReadOnlyList<DueWake> due;
        var claimed = 0;
        do
        {
            due = await store.ClaimDueWakesAsync(owner, Lease, Batch, clock.GetUtcNow(), stoppingToken);
            foreach (var wake in due)
            {
                var result = await intake.AcceptAsync(WakeEvent.For(wake.ReviewId, wake.Channel, wake.WakeAt), stoppingToken);
                Log.WakeFed(logger, wake.ReviewId, wake.WakeAt, result.Accepted);
            }
            claimed += due.Count;
        }
        while (due.Count == Batch);
        Log.WakeRoundDone(logger, claimed);
    }

    private static async Task<bool> WaitForNextRoundAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
