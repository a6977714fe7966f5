using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Testing;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// The rules of the contract's doc comments that the shared suite does not cover yet (unknown outcomes, collapsing),
/// against the in-memory store.
/// </summary>
public sealed class InMemoryReviewStoreTests
{
    private static readonly ChannelRef Channel = new("test", "C1");
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_first_claim_is_of_known_outcome_and_one_after_an_expired_lease_is_unknown()
    {
        var store = await StoreWithAsync(Message("m1"));

        var first = Assert.Single(await store.ClaimOutboxAsync("a", Lease, 10, T0));
        var afterExpiry = Assert.Single(await store.ClaimOutboxAsync("b", Lease, 10, T0 + Lease + TimeSpan.FromSeconds(1)));

        Assert.False(first.OutcomeUnknown);
        Assert.True(afterExpiry.OutcomeUnknown);
    }

    [Fact]
    public async Task A_retry_with_unknown_outcome_is_reported_on_the_next_claim_and_a_known_failure_clears_it()
    {
        var store = await StoreWithAsync(Message("m1"));
        var claimed = Assert.Single(await store.ClaimOutboxAsync("a", Lease, 10, T0));

        await store.RetryOutboxAsync(claimed, T0, "timed out", outcomeUnknown: true);
        var unknown = Assert.Single(await store.ClaimOutboxAsync("a", Lease, 10, T0));
        await store.RetryOutboxAsync(unknown, T0, "refused", outcomeUnknown: false);
        var known = Assert.Single(await store.ClaimOutboxAsync("a", Lease, 10, T0));

        Assert.True(unknown.OutcomeUnknown);
        Assert.False(known.OutcomeUnknown);
        Assert.Equal(2, known.Attempts);
    }

    [Fact]
    public async Task Claims_a_restarted_owner_takes_back_are_of_unknown_outcome()
    {
        var store = await StoreWithAsync(Message("m1"));
        Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));

        await store.ReleaseLeasesAsync("host");

        Assert.True(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)).OutcomeUnknown);
    }

    [Fact]
    public async Task Queued_updates_of_one_message_collapse_into_the_latest_but_one_being_sent_stays()
    {
        var store = await StoreWithAsync(Message("card"));
        await store.CompleteOutboxAsync(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)), new PostedMessage("P1", "P1", T0));
        await CommitAsync(store, Update("m2", "card", "v2"));
        var sending = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));

        await CommitAsync(store, Update("m3", "card", "v3"), Message("m4"));
        await CommitAsync(store, Update("m5", "card", "v5"));

        Assert.Equal("m2", sending.Message.Key);
        Assert.Equal(3, await store.CountPendingOutboxAsync()); // m2 (leased), m4, m5: m3 collapsed into m5
        await store.CompleteOutboxAsync(sending, null);
        var order = new List<string>();
        while (await store.ClaimPartitionHeadAsync("r1", "host", Lease, T0) is { } next)
        {
            order.Add(next.Message.Key);
            await store.CompleteOutboxAsync(next, null);
        }
        Assert.Equal(["m4", "m5"], order);
    }

    private static async Task<InMemoryReviewStore> StoreWithAsync(params OutboundMessage[] messages)
    {
        var store = new InMemoryReviewStore();
        var state = new ReviewState("r1", "system-design", "Payments", new UserRef("U1", "alice"), Channel, false, ReviewStatus.Active, T0, null,
            [new StepSession("scope", DialogState.New)], 0);
        await store.CommitAsync(new TurnCommit(new Decision("r1", state, [], [], messages) { IsNewReview = true }, null, null));
        return store;
    }

    private static async Task CommitAsync(InMemoryReviewStore store, params OutboundMessage[] messages)
    {
        var current = (await store.GetReviewAsync("r1"))!;
        await store.CommitAsync(new TurnCommit(new Decision("r1", current.State, [], [], messages), current.Version, null));
    }

    private static OutboundMessage Message(string key) => new(key, Channel, new NeutralMessage(key, [new TextBlock(key)]));

    private static OutboundMessage Update(string key, string target, string text) =>
        new(key, Channel, new NeutralMessage(text, [new TextBlock(text)])) { ReplacesKey = target };
}
