using Azure.Data.Tables;
using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using static DesignBot.Storage.AzureTables.Tests.IndexFixtures;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>
/// The index of partitions with unsent messages ({prefix}pending): claims read only what it lists, it is cleaned up
/// once partitions drain, and no interleaving of a turn with a claim strands a message.
/// </summary>
public sealed class AzureTablesOutboxIndexTests : IAsyncLifetime
{
    private readonly TempTables _tables = new();
    private readonly ManualClock _clock = new(T0);

    [Fact]
    public async Task A_claim_reads_only_the_partitions_the_index_lists()
    {
        var store = await _tables.OpenAsync(_clock);
        var reviews = Enumerable.Range(0, 30).Select(i => $"r{i:D2}").ToList();
        foreach (var id in reviews)
            await CreateAsync(store, NewState(id), Message("m1"));
        Assert.Equal(reviews, Marks());
        foreach (var item in await store.ClaimOutboxAsync("host", Lease, 100, T0))
            await store.CompleteOutboxAsync(item, null);

        // Every partition is drained: once the grace is over, a claim removes their marks.
        _clock.Now += AzureTablesReviewStore.PendingMarkGrace + TimeSpan.FromSeconds(1);
        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 100, T0));
        Assert.Empty(Marks());

        await CreateAsync(store, NewState("fresh"), Message("m1"));
        // An unsent row in a partition the index does not list (as if written before the index existed) is not
        // seen: proof that a claim no longer scans the table.
        await _tables.Table("reviews").AddEntityAsync(Rows.Outbox("ghost", 1, "ghost", Message("g1")));

        Assert.Equal(["fresh"], Marks());
        Assert.Equal(1, await store.CountPendingOutboxAsync());
        Assert.Equal("fresh/m1", Assert.Single(await store.ClaimOutboxAsync("host", Lease, 100, T0)).IdempotencyKey);

        // A host starting up indexes partitions with unsent rows that have no mark.
        var restarted = await _tables.OpenAsync(_clock);
        Assert.Equal(["fresh", "ghost"], Marks());
        Assert.Equal(2, await restarted.CountPendingOutboxAsync());
        Assert.Equal("ghost/g1", Assert.Single(await restarted.ClaimOutboxAsync("host", Lease, 100, T0)).IdempotencyKey);
    }

    [Fact]
    public async Task Marks_are_removed_only_once_a_partition_is_drained_and_the_grace_is_over()
    {
        var store = await _tables.OpenAsync(_clock);
        await CreateAsync(store, NewState("r1"), Message("m1"), Message("m2"));
        await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([Message("evt:E1")]), null, null));
        var channelPartition = TableKeys.Escape(OutboxItem.ChannelPartition(Channel));
        Assert.Equal(new[] { "r1", channelPartition }.Order(StringComparer.Ordinal), Marks());

        var items = await store.ClaimOutboxAsync("host", Lease, 10, T0);
        Assert.Equal(2, items.Count);
        foreach (var item in items.Where(i => i.ReviewId is null))
            await store.CompleteOutboxAsync(item, null);
        var first = items.Single(i => i.ReviewId is not null);

        // Drained but marked just now: the mark stays within the grace.
        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal(2, Marks().Count);

        // Past the grace, the drained channel partition is unmarked; r1 still has m1 (leased) and m2, so it stays.
        _clock.Now += AzureTablesReviewStore.PendingMarkGrace + TimeSpan.FromSeconds(1);
        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal(["r1"], Marks());

        var second = await store.CompleteAndClaimNextAsync(first, null, Lease, T0);
        Assert.Equal("r1/m2", second!.IdempotencyKey);
        Assert.Null(await store.CompleteAndClaimNextAsync(second, null, Lease, T0));
        Assert.Equal(["r1"], Marks());

        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Empty(Marks());
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task A_claim_between_a_turns_mark_and_its_commit_does_not_strand_its_message()
    {
        var turnHost = await _tables.OpenAsync(_clock);
        var claimHost = await _tables.OpenAsync(_clock);
        IReadOnlyList<OutboxItem>? claimedInBetween = null;
        turnHost.BeforeTurnSubmit = async () =>
        {
            claimedInBetween = await claimHost.ClaimOutboxAsync("claimer", Lease, 10, T0);
            // The mark is there, the message not yet: the claim found the partition empty, but the mark is young.
            Assert.Equal(["r1"], Marks());
        };

        await CreateAsync(turnHost, NewState("r1"), Message("m1"));

        Assert.Empty(claimedInBetween!);
        Assert.Equal("r1/m1", Assert.Single(await claimHost.ClaimOutboxAsync("claimer", Lease, 10, T0)).IdempotencyKey);
    }

    [Fact]
    public async Task A_turn_slower_than_the_grace_marks_its_partition_again_after_committing()
    {
        var turnHost = await _tables.OpenAsync(_clock);
        var claimHost = await _tables.OpenAsync(_clock);
        turnHost.BeforeTurnSubmit = async () =>
        {
            // The turn stalls past the grace between marking and committing; a claim meanwhile removes the mark.
            _clock.Now += AzureTablesReviewStore.PendingMarkGrace + TimeSpan.FromMinutes(1);
            Assert.Empty(await claimHost.ClaimOutboxAsync("claimer", Lease, 10, T0));
            Assert.Empty(Marks());
        };

        await CreateAsync(turnHost, NewState("r1"), Message("m1"));

        Assert.Equal(["r1"], Marks());
        Assert.Equal("r1/m1", Assert.Single(await claimHost.ClaimOutboxAsync("claimer", Lease, 10, T0)).IdempotencyKey);
    }

    [Fact]
    public async Task A_turn_marking_after_a_claim_read_the_index_keeps_its_mark()
    {
        var turnHost = await _tables.OpenAsync(_clock);
        var claimHost = await _tables.OpenAsync(_clock);
        var version = await CreateAsync(turnHost, NewState("r1"), Message("m1"));
        await turnHost.CompleteOutboxAsync(Assert.Single(await turnHost.ClaimOutboxAsync("host", Lease, 10, T0)), null);
        _clock.Now += AzureTablesReviewStore.PendingMarkGrace + TimeSpan.FromSeconds(1);

        // The claim has read r1's old mark and found r1 drained; before it deletes the mark, a turn queues m2.
        var raced = false;
        claimHost.BeforeUnmark = async () =>
        {
            if (raced)
                return;
            raced = true;
            await turnHost.CommitAsync(new TurnCommit(new Decision("r1", null, [], [], [Message("m2")]), version, null));
        };
        Assert.Empty(await claimHost.ClaimOutboxAsync("claimer", Lease, 10, T0));

        Assert.True(raced);
        Assert.Equal(["r1"], Marks());
        Assert.Equal("r1/m2", Assert.Single(await claimHost.ClaimOutboxAsync("claimer", Lease, 10, T0)).IdempotencyKey);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _tables.DeleteAsync();

    private List<string> Marks() =>
        [.. _tables.Table("pending").Query<TableEntity>(e => e.PartitionKey == "pending").Select(e => e.RowKey).Order(StringComparer.Ordinal)];

    private static OutboundMessage Message(string key) => new(key, Channel, new NeutralMessage($"text of {key}", []));
}
