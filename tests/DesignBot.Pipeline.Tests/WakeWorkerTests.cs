using System.Reflection;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Core.Turns;
using DesignBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// The wake worker on the real pipeline (SQLite store, real engine, inbox worker): a review's due wake time becomes one
/// processed wake event, however many hosts look for it, after a crash between claim and accept, after a restart, and
/// after a bad moment of the store. The workers run on a fake clock: a round happens when the test moves it.
/// </summary>
public sealed class WakeWorkerTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(WakeOptions.DefaultPollSeconds);

    [Fact]
    public async Task Two_hosts_on_one_store_feed_a_due_wake_once()
    {
        await using var rig = new PipelineRig();
        var (reviewId, clock) = await ReviewWithDueWakeAsync(rig);
        await rig.StartAsync();
        var hostA = new CapturingLogger<WakeWorker>();
        var hostB = new CapturingLogger<WakeWorker>();
        await using var workerA = await StartWorkerAsync(rig, rig.Intake, "host-a", clock, hostA);
        await using var workerB = await StartWorkerAsync(rig, rig.Intake, "host-b", clock, hostB);
        await RoundsAsync(hostA, 1);
        await RoundsAsync(hostB, 1);
        await rig.InboxDrainedAsync();

        // Later rounds, past the lease: the turn retired the wake, so nobody feeds it again.
        clock.Advance(WakeWorker.Lease + Poll);
        await RoundsAsync(hostA, 2);
        await RoundsAsync(hostB, 2);
        await rig.InboxDrainedAsync();

        Assert.Equal(1, Claimed(hostA) + Claimed(hostB));
        Assert.Equal(1, await WakeTurnsAsync(rig, reviewId));
        // The wake's turn moved the review's wake time on: nothing is due any more.
        Assert.False((await rig.Store.GetReviewAsync(reviewId))!.State.NextWakeAt <= clock.GetUtcNow());
    }

    [Fact]
    public async Task A_wake_claimed_by_a_host_that_crashed_before_feeding_it_is_fed_once_its_lease_runs_out()
    {
        await using var rig = new PipelineRig();
        var (reviewId, clock) = await ReviewWithDueWakeAsync(rig);
        await rig.StartAsync();
        // The crashed host claimed the wake and died before its event reached the inbox.
        Assert.Single(await rig.Store.ClaimDueWakesAsync("crashed", WakeWorker.Lease, 10, clock.GetUtcNow()));
        var survivor = new CapturingLogger<WakeWorker>();
        await using var worker = await StartWorkerAsync(rig, rig.Intake, "survivor", clock, survivor);
        await RoundsAsync(survivor, 1);
        Assert.Equal(0, Claimed(survivor));

        clock.Advance(WakeWorker.Lease + Poll);
        await RoundsAsync(survivor, 2);
        await rig.InboxDrainedAsync();
        clock.Advance(WakeWorker.Lease + Poll);
        await RoundsAsync(survivor, 3);
        await rig.InboxDrainedAsync();

        Assert.Equal(1, Claimed(survivor));
        Assert.Equal(1, await WakeTurnsAsync(rig, reviewId));
    }

    [Fact]
    public async Task A_host_restarting_under_its_id_feeds_the_wake_it_had_claimed_at_once()
    {
        await using var rig = new PipelineRig();
        var (reviewId, clock) = await ReviewWithDueWakeAsync(rig);
        await rig.StartAsync();
        Assert.Single(await rig.Store.ClaimDueWakesAsync("host-a", WakeWorker.Lease, 10, clock.GetUtcNow()));

        var restarted = new CapturingLogger<WakeWorker>();
        await using var worker = await StartWorkerAsync(rig, rig.Intake, "host-a", clock, restarted);
        await RoundsAsync(restarted, 1);
        await rig.InboxDrainedAsync();

        Assert.Equal(1, Claimed(restarted));
        Assert.Equal(1, await WakeTurnsAsync(rig, reviewId));
    }

    [Fact]
    public async Task A_wake_fed_again_before_its_turn_ran_is_processed_once()
    {
        await using var rig = new PipelineRig();
        var (reviewId, clock) = await ReviewWithDueWakeAsync(rig);
        // Host A stores the wake event in the inbox and dies before any worker of its own processes it.
        var crashed = new CapturingLogger<WakeWorker>();
        await using (var workerA = await StartWorkerAsync(rig, new EventIntake(rig.Store, new InboxQueue(), clock), "host-a", clock, crashed))
            await RoundsAsync(crashed, 1);
        Assert.Equal(1, Claimed(crashed));

        // Its lease runs out before the inbox scan recovers the event: host B feeds the same wake again.
        clock.Advance(WakeWorker.Lease + Poll);
        var hostB = new CapturingLogger<WakeWorker>();
        await using var workerB = await StartWorkerAsync(rig, rig.Intake, "host-b", clock, hostB);
        await RoundsAsync(hostB, 1);
        // Then the inbox worker starts and recovers what was accepted before.
        await rig.StartAsync();
        await rig.InboxDrainedAsync();

        Assert.Equal(1, Claimed(hostB));
        Assert.Contains(hostB.Lines, l => l.Text.Contains($"Wake of review {reviewId}", StringComparison.Ordinal) && l.Text.EndsWith("(new: False)", StringComparison.Ordinal));
        Assert.Equal(1, await WakeTurnsAsync(rig, reviewId));
    }

    [Fact]
    public async Task A_store_that_fails_is_logged_and_asked_again_next_round()
    {
        await using var rig = new PipelineRig();
        var (reviewId, clock) = await ReviewWithDueWakeAsync(rig);
        await rig.StartAsync();
        var log = new CapturingLogger<WakeWorker>();
        await using var worker = await StartWorkerAsync(rig, rig.Intake, "host", clock, log, FirstClaimFails.Wrap(rig.Store));
        await WaitForAsync(() => log.Lines.Any(l => l.Level == LogLevel.Warning && l.Exception is TransientStoreException));
        Assert.Equal(0, WakeTurns(rig, reviewId));

        clock.Advance(Poll);
        await RoundsAsync(log, 1);
        await rig.InboxDrainedAsync();

        Assert.Equal(1, await WakeTurnsAsync(rig, reviewId));
    }

    // ---- helpers ----

    /// <summary>
    /// A review started through the real turn processor and engine (no worker runs yet), then given a wake time a minute
    /// ago (as a turn that scheduled a reminder would), and a fake clock for the workers at now.
    /// </summary>
    private static async Task<(string ReviewId, TestClock Clock)> ReviewWithDueWakeAsync(PipelineRig rig)
    {
        var start = PipelineRig.Command("E-start", "start URL shortener");
        await rig.Store.InitializeAsync();
        await rig.Processor.ProcessAsync(start);
        var reviewId = TurnProcessor.ReviewIdFor(start);
        var now = DateTimeOffset.UtcNow;
        var snapshot = (await rig.Store.GetReviewAsync(reviewId))!;
        var scheduled = snapshot.State with { NextWakeAt = now.AddMinutes(-1) };
        await rig.Store.CommitAsync(new TurnCommit(new Decision(reviewId, scheduled, [], [], []), snapshot.Version, null));
        return (reviewId, new TestClock(now));
    }

    private static async Task<RunningWorker> StartWorkerAsync(PipelineRig rig, EventIntake intake, string owner, TestClock clock, CapturingLogger<WakeWorker> log, IReviewStore? store = null)
    {
        var worker = new WakeWorker(store ?? rig.Store, intake, clock, Options.Create(new WakeOptions()), Options.Create(new PipelineOptions { InstanceId = owner }), log);
        await worker.StartAsync(CancellationToken.None);
        return new RunningWorker(worker);
    }

    private sealed class RunningWorker(WakeWorker worker) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }
    }

    private static Task RoundsAsync(CapturingLogger<WakeWorker> log, int rounds) =>
        WaitForAsync(() => log.Lines.Count(l => l.Text.StartsWith("Wake round done", StringComparison.Ordinal)) >= rounds);

    private static int Claimed(CapturingLogger<WakeWorker> log) =>
        log.Lines.Where(l => l.Text.StartsWith("Wake of review", StringComparison.Ordinal)).Count();

    /// <summary>
    /// Once the inbox is drained, the turns the inbox worker committed for wake events of the review (its log line
    /// follows the commit, so it is waited for).
    /// </summary>
    private static async Task<int> WakeTurnsAsync(PipelineRig rig, string reviewId)
    {
        await rig.InboxDrainedAsync();
        await WaitForAsync(() => WakeTurns(rig, reviewId) > 0);
        return WakeTurns(rig, reviewId);
    }

    private static int WakeTurns(PipelineRig rig, string reviewId) =>
        rig.InboxLog.Lines.Count(l => l.Text.StartsWith($"Turn for event wake:{reviewId}:", StringComparison.Ordinal) && l.Text.Contains("committed", StringComparison.Ordinal));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(10, guard.Token);
    }

    /// <summary>A store whose first claim of due wakes fails as a busy store does; everything else passes through.</summary>
    public class FirstClaimFails : DispatchProxy
    {
        private IReviewStore _inner = null!;
        private int _failed;

        public static IReviewStore Wrap(IReviewStore inner)
        {
            var proxy = Create<IReviewStore, FirstClaimFails>();
            ((FirstClaimFails)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IReviewStore.ClaimDueWakesAsync) && Interlocked.Exchange(ref _failed, 1) == 0)
                return Task.FromException<IReadOnlyList<DueWake>>(new TransientStoreException("database is locked"));
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }
    }
}
