using Azure.Data.Tables;
using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using static DesignBot.Storage.AzureTables.Tests.IndexFixtures;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>
/// The index of wake times ({prefix}wakes), kept around the turn's transaction: no crash or interleaving of a turn with
/// a claim loses a wake, entries no review names are never claimed and go once the grace is over, and the wake of a
/// review survives the store being opened again, by this host or another.
/// </summary>
public sealed class AzureTablesWakeIndexTests : IAsyncLifetime
{
    private readonly TempTables _tables = new();
    private readonly ManualClock _clock = new(T0);

    [Fact]
    public async Task A_turn_that_moves_or_clears_the_wake_leaves_one_entry_or_none()
    {
        var store = await _tables.OpenAsync(_clock);
        await CreateAsync(store, NewState("r1") with { NextWakeAt = T0 });
        Assert.Single(Entries());

        await CommitWakeAsync(store, "r1", T0.AddDays(1));
        Assert.Single(Entries());
        await CommitWakeAsync(store, "r1", null);
        Assert.Empty(Entries());
    }

    [Fact]
    public async Task A_conflicting_turn_takes_back_the_entry_it_added()
    {
        var store = await _tables.OpenAsync(_clock);
        var stale = await CreateAsync(store, NewState("r1") with { NextWakeAt = T0 });
        await CommitWakeAsync(store, "r1", T0.AddHours(1));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.CommitAsync(new TurnCommit(new Decision("r1", NewState("r1") with { NextWakeAt = T0.AddMinutes(5) }, [], [], []), stale, null)));

        Assert.Single(Entries());
        Assert.Equal(new DueWake("r1", Channel, T0.AddHours(1)), Assert.Single(await store.ClaimDueWakesAsync("host", Lease, 10, T0.AddDays(1))));
    }

    [Fact]
    public async Task An_entry_whose_turn_never_landed_is_never_claimed_and_goes_after_the_grace()
    {
        var store = await _tables.OpenAsync(_clock);
        await CreateAsync(store, NewState("r1") with { NextWakeAt = T0 });
        // The host dies after adding the earlier wake's entry and before its turn is submitted.
        store.BeforeTurnSubmit = () => throw new IOException("the host went away");
        await Assert.ThrowsAsync<IOException>(() => CommitWakeAsync(store, "r1", T0.AddMinutes(-10)));
        store.BeforeTurnSubmit = null;
        Assert.Equal(2, Entries().Count);

        Assert.Equal(new DueWake("r1", Channel, T0), Assert.Single(await store.ClaimDueWakesAsync("host", Lease, 10, T0)));
        // Within the grace the unnamed entry may be a turn in flight: it stays. After it, a claim deletes it.
        Assert.Equal(2, Entries().Count);
        _clock.Now += AzureTablesReviewStore.WakeGrace + TimeSpan.FromSeconds(1);
        Assert.Empty(await store.ClaimDueWakesAsync("host", Lease, 10, T0.AddSeconds(1)));

        Assert.Equal([StoreRules.ToText(T0)], Entries().Select(e => e.RowKey.Split('|')[0]));
    }

    [Fact]
    public async Task A_claim_between_adding_the_entry_and_the_turn_landing_leaves_the_entry_alone()
    {
        var turnHost = await _tables.OpenAsync(_clock);
        var claimHost = await _tables.OpenAsync(_clock);
        await CreateAsync(turnHost, NewState("r1"));
        IReadOnlyList<DueWake>? claimedInBetween = null;
        turnHost.BeforeTurnSubmit = async () =>
        {
            claimedInBetween = await claimHost.ClaimDueWakesAsync("claimer", Lease, 10, T0);
            Assert.Single(Entries());
        };

        await CommitWakeAsync(turnHost, "r1", T0);

        Assert.Empty(claimedInBetween!);
        Assert.Equal(new DueWake("r1", Channel, T0), Assert.Single(await claimHost.ClaimDueWakesAsync("claimer", Lease, 10, T0)));
    }

    [Fact]
    public async Task A_turn_slower_than_the_grace_adds_its_entry_again_after_landing()
    {
        var turnHost = await _tables.OpenAsync(_clock);
        var claimHost = await _tables.OpenAsync(_clock);
        await CreateAsync(turnHost, NewState("r1"));
        turnHost.BeforeTurnSubmit = async () =>
        {
            // The turn stalls past the grace between adding its entry and landing; a claim meanwhile takes it for stale.
            _clock.Now += AzureTablesReviewStore.WakeGrace + TimeSpan.FromMinutes(1);
            Assert.Empty(await claimHost.ClaimDueWakesAsync("claimer", Lease, 10, T0));
            Assert.Empty(Entries());
        };

        await CommitWakeAsync(turnHost, "r1", T0);

        Assert.Equal(new DueWake("r1", Channel, T0), Assert.Single(await claimHost.ClaimDueWakesAsync("claimer", Lease, 10, T0)));
    }

    [Fact]
    public async Task A_wake_survives_reopening_and_a_lost_entry_is_indexed_again_at_start()
    {
        var first = await _tables.OpenAsync(_clock);
        await CreateAsync(first, NewState("r1") with { NextWakeAt = T0 });
        await CreateAsync(first, NewState("r2") with { NextWakeAt = T0.AddMinutes(1) });
        // r2's entry is lost (a slow turn that crashed right after landing, whose entry a claim had taken for stale).
        var lost = Entries().Single(e => e.GetString("ReviewId") == "r2");
        await _tables.Table("wakes").DeleteEntityAsync(lost.PartitionKey, lost.RowKey);

        var reopened = await _tables.OpenAsync(_clock);

        Assert.Equal(["r1", "r2"], (await reopened.ClaimDueWakesAsync("host", Lease, 10, T0.AddMinutes(1))).Select(w => w.ReviewId));
    }

    [Fact]
    public async Task Two_hosts_claiming_at_once_take_each_wake_once()
    {
        var hostA = await _tables.OpenAsync(_clock);
        var hostB = await _tables.OpenAsync(_clock);
        var ids = Enumerable.Range(0, 12).Select(i => $"r{i:D2}").ToList();
        foreach (var id in ids)
            await CreateAsync(hostA, NewState(id) with { NextWakeAt = T0 });

        var claims = await Task.WhenAll(
            hostA.ClaimDueWakesAsync("host-a", Lease, 100, T0), hostB.ClaimDueWakesAsync("host-b", Lease, 100, T0));

        Assert.Equal(ids, claims.SelectMany(c => c).Select(w => w.ReviewId).Order(StringComparer.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _tables.DeleteAsync();

    private List<TableEntity> Entries() => [.. _tables.Table("wakes").Query<TableEntity>(e => e.PartitionKey == "wake")];

    private static async Task CommitWakeAsync(AzureTablesReviewStore store, string reviewId, DateTimeOffset? wakeAt)
    {
        var snapshot = (await store.GetReviewAsync(reviewId))!;
        var state = snapshot.State with { MessageSeq = snapshot.State.MessageSeq + 1, NextWakeAt = wakeAt };
        await store.CommitAsync(new TurnCommit(new Decision(reviewId, state, [], [], []), snapshot.Version, null));
    }
}
