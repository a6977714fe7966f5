using DesignBot.Core.Turns;
using Microsoft.Extensions.Time.Testing;

namespace DesignBot.Pipeline.Tests;

public sealed class SendPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public void One_a_second_lines_waiting_sends_up_a_second_apart()
    {
        var pacer = new SendPacer(new FakeTimeProvider(T0));
        PaceLimit[] channel = [new("slack:C1", new Rate(1, TimeSpan.FromSeconds(1)))];

        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(2)], Enumerable.Range(0, 3).Select(_ => pacer.Reserve(channel, Long).At));
    }

    [Fact]
    public void A_burst_up_to_the_rate_goes_at_once_and_the_next_waits_for_the_window_to_slide()
    {
        var clock = new FakeTimeProvider(T0);
        var pacer = new SendPacer(clock);
        PaceLimit[] thread = [new("teams:T1", new Rate(7, TimeSpan.FromSeconds(1)))];

        var burst = Enumerable.Range(0, 7).Select(_ => pacer.Reserve(thread, Long).At).ToList();
        clock.Advance(TimeSpan.FromMilliseconds(300));
        var eighth = pacer.Reserve(thread, Long).At;

        Assert.All(burst, at => Assert.Equal(T0, at));
        Assert.Equal(T0.AddSeconds(1), eighth);
    }

    [Fact]
    public void Different_conversations_do_not_wait_for_each_other_but_share_their_accounts_limit()
    {
        var pacer = new SendPacer(new FakeTimeProvider(T0));
        var perThread = new Rate(7, TimeSpan.FromSeconds(1));
        var perTenant = new Rate(2, TimeSpan.FromSeconds(1));
        PaceLimit[] Send(string thread) => [new(thread, perThread), new("tenant-1", perTenant)];

        var a = pacer.Reserve(Send("T1"), Long).At;
        var b = pacer.Reserve(Send("T2"), Long).At;
        var c = pacer.Reserve(Send("T3"), Long).At;
        var elsewhere = pacer.Reserve([new("T4", perThread), new("tenant-2", perTenant)], Long).At;

        Assert.Equal([T0, T0, T0.AddSeconds(1)], [a, b, c]);
        Assert.Equal(T0, elsewhere);
    }

    [Fact]
    public void Every_window_of_a_thread_holds_so_a_second_burst_waits_for_the_longer_window()
    {
        var clock = new FakeTimeProvider(T0);
        var pacer = new SendPacer(clock);
        // Teams per thread: 7 in a second and 8 in 2 seconds.
        PaceLimit[] thread = [new("teams:T1", new Rate(7, TimeSpan.FromSeconds(1))), new("teams:T1", new Rate(8, TimeSpan.FromSeconds(2)))];

        var slots = Enumerable.Range(0, 9).Select(_ => pacer.Reserve(thread, Long).At).ToList();

        Assert.All(slots.Take(7), at => Assert.Equal(T0, at));
        Assert.Equal(T0.AddSeconds(1), slots[7]); // the second's window slid; 8 in 2 s still allows it
        Assert.Equal(T0.AddSeconds(2), slots[8]); // the 2-second window is full until the first burst leaves it
    }

    [Fact]
    public void A_slot_too_far_away_is_reported_and_not_taken()
    {
        var pacer = new SendPacer(new FakeTimeProvider(T0));
        PaceLimit[] channel = [new("slack:C1", new Rate(1, TimeSpan.FromSeconds(10)))];
        pacer.Reserve(channel, Long);

        var tooFar = pacer.Reserve(channel, TimeSpan.FromSeconds(5));
        var taken = pacer.Reserve(channel, Long);

        Assert.Equal(new PaceSlot(T0.AddSeconds(10), Reserved: false), tooFar);
        Assert.Equal(new PaceSlot(T0.AddSeconds(10), Reserved: true), taken);
    }

    [Fact]
    public void A_window_that_has_slid_past_lets_the_next_send_go_at_once()
    {
        var clock = new FakeTimeProvider(T0);
        var pacer = new SendPacer(clock);
        PaceLimit[] channel = [new("slack:C1", new Rate(1, TimeSpan.FromSeconds(1)))];
        pacer.Reserve(channel, Long);

        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(new PaceSlot(T0.AddSeconds(3), Reserved: true), pacer.Reserve(channel, Long));
    }
}
