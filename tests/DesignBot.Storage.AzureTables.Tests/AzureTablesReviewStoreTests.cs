using Azure;
using Azure.Data.Tables;
using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>What only the Table Storage store has to get right: keys, entity size limits, and several hosts on one account.</summary>
public sealed class AzureTablesReviewStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly ChannelRef Channel = new("slack", "T012AB3C4/C012AB3C4");
    private static readonly UserRef Owner = new("U1", "Ada");

    private readonly TempTables _tables = new();

    [Fact]
    public async Task Slack_and_teams_ids_work_as_keys_end_to_end()
    {
        var store = await _tables.OpenAsync();
        var teams = new ChannelRef("teams", "19:abc123@thread.tacv2;messageid=1700000000000");
        var eventId = "a:1Xyz/abc#def?x\t\n";
        Assert.True(await store.AcceptAsync(new CommandEvent(eventId, teams, Owner, T0, "start"), T0));
        Assert.False(await store.AcceptAsync(new CommandEvent(eventId, teams, Owner, T0, "start"), T0));
        Assert.Equal(eventId, Assert.Single(await store.PendingInboxAsync(10)).Event.EventId);

        var root = Message("root:req/1#a?b", teams) with { OpensThreadForStep = "req/1" };
        await store.CommitAsync(new TurnCommit(Create(NewState("r1", teams), [Answer("1700000000.123456/x#y?z")], root), null, eventId));
        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var posted = new PostedMessage("1700000000.654321", "a:1Xyz/abc#def?x", T0);
        await store.CompleteOutboxAsync(item, posted);

        Assert.Empty(await store.PendingInboxAsync(10));
        Assert.Equal(new ThreadLink("r1", "req/1"), await store.FindThreadAsync(teams, "a:1Xyz/abc#def?x"));
        Assert.Equal(posted, await store.FindPostedAsync("r1", "root:req/1#a?b"));
        Assert.Equal("1700000000.123456/x#y?z", Assert.Single((await store.GetReviewAsync("r1"))!.Answers).Id);
        Assert.Equal(["r1"], (await store.ListReviewsAsync(teams)).Select(l => l.Id));
    }

    [Fact]
    public async Task An_answer_longer_than_a_property_is_stored_split_and_loads_whole()
    {
        var store = await _tables.OpenAsync();
        var text = string.Concat(Enumerable.Range(0, 100_000).Select(i => (char)('a' + (i % 26))));
        var answer = Answer("a1") with { Text = text };

        await store.CommitAsync(new TurnCommit(Create(NewState("r1"), [answer]), null, null));

        Assert.Equal(text, Assert.Single((await store.GetReviewAsync("r1"))!.Answers).Text);
        var bucket = Assert.Single(_tables.Table("reviews").Query<TableEntity>(e => e.PartitionKey == "r1" && e.RowKey.CompareTo("answers|") > 0 && e.RowKey.CompareTo("answers}") < 0));
        var parts = bucket.Keys.Where(k => k.StartsWith("Json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Json0", "Json1", "Json2", "Json3"], parts);
        Assert.All(parts, p => Assert.InRange(((string)bucket[p]).Length, 1, EntityText.PartLength));
    }

    [Fact]
    public void A_part_boundary_never_splits_a_surrogate_pair()
    {
        var entity = new TableEntity("p", "r");
        var json = new string('x', EntityText.PartLength - 1) + "😀" + new string('y', 10);

        EntityText.WriteJson(entity, json);

        Assert.False(char.IsHighSurrogate(((string)entity["Json0"])[^1]));
        Assert.Equal(json, EntityText.ReadJson(entity));
    }

    [Fact]
    public async Task An_event_committed_twice_by_two_hosts_is_applied_once()
    {
        var hostA = await _tables.OpenAsync();
        var hostB = await _tables.OpenAsync();
        var version = await CreateAsync(hostA, NewState("r1"));
        var decidedOn = (await hostA.GetReviewAsync("r1"))!.State;
        await hostA.AcceptAsync(new CommandEvent("E5", Channel, Owner, T0, "answer"), T0);
        var turn = new Decision("r1", decidedOn with { Title = "moved", MessageSeq = 1 }, [Answer("a1")], [], [Message("m1")]);

        await hostA.CommitAsync(new TurnCommit(turn, version, "E5"));
        // Host A crashed before marking the event processed, so host B picks it up and commits the same turn.
        await _tables.Table("inbox").UpdateEntityAsync(new TableEntity("inbox", "E5") { ["Processed"] = false }, ETag.All, TableUpdateMode.Merge);
        Assert.Single(await hostB.PendingInboxAsync(10));

        await hostB.CommitAsync(new TurnCommit(turn with { UpsertAnswers = [Answer("a2")], Messages = [Message("m2")] }, version, "E5"));

        Assert.Empty(await hostB.PendingInboxAsync(10));
        var review = (await hostB.GetReviewAsync("r1"))!;
        Assert.Equal("a1", Assert.Single(review.Answers).Id);
        Assert.Equal("r1/m1", Assert.Single(await hostB.ClaimOutboxAsync("b", Lease, 10, T0)).IdempotencyKey);
    }

    [Fact]
    public async Task Two_hosts_claiming_at_once_never_get_the_same_message()
    {
        var hostA = await _tables.OpenAsync();
        var hostB = await _tables.OpenAsync();
        var reviews = Enumerable.Range(0, 24).Select(i => $"r{i:D2}").ToList();
        foreach (var id in reviews)
            await CreateAsync(hostA, NewState(id), Message("m1"));

        var claimed = new List<OutboxItem>();
        for (var round = 0; round < 5 && claimed.Count < reviews.Count; round++)
        {
            var both = await Task.WhenAll(
                Task.Run(() => hostA.ClaimOutboxAsync("a", Lease, 100, T0)),
                Task.Run(() => hostB.ClaimOutboxAsync("b", Lease, 100, T0)));
            claimed.AddRange(both.SelectMany(items => items));
        }

        Assert.Equal(reviews.Select(id => $"{id}/m1"), claimed.Select(i => i.IdempotencyKey).Order(StringComparer.Ordinal));
        // The loser of a race learns it at once: completing someone else's claim is refused.
        var first = claimed[0];
        var stolen = first with { LeaseOwner = first.LeaseOwner == "a" ? "b" : "a" };
        await Assert.ThrowsAsync<LeaseLostException>(() => hostA.CompleteOutboxAsync(stolen, null));
    }

    [Fact]
    public async Task Processed_inbox_entries_are_deleted_once_they_expire()
    {
        var clock = new ManualClock(T0);
        var store = await _tables.OpenAsync(clock);
        await store.AcceptAsync(new CommandEvent("E1", Channel, Owner, T0, "list"), T0);
        await store.AcceptAsync(new CommandEvent("E2", Channel, Owner, T0, "list"), T0);
        await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([]), null, "E1"));
        Assert.Single(await store.PendingInboxAsync(10));

        clock.Now = T0.AddDays(8);
        Assert.Equal("E2", Assert.Single(await store.PendingInboxAsync(10)).Event.EventId);

        var left = _tables.Table("inbox").Query<TableEntity>(e => e.PartitionKey == "inbox").Select(e => e.RowKey);
        Assert.Equal(["E2"], left);
        // E1 is gone, so the inbox no longer grows with every event ever seen; a late retry of it would be new.
        Assert.True(await store.AcceptAsync(new CommandEvent("E1", Channel, Owner, T0, "list"), T0));
    }

    [Fact]
    public async Task A_listing_left_pending_by_a_crash_is_resolved_from_the_review()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = await _tables.OpenAsync(clock);
        await CreateAsync(store, NewState("r1", title: "Feed"));
        var channels = _tables.Table("channels");
        var partition = TableKeys.Escape(Channel.Key);
        // A crash between marking and rewriting: r1's row says Pending with a stale title; r2's commit never landed.
        await channels.UpsertEntityAsync(new TableEntity(partition, "r1") { ["Pending"] = true, ["Title"] = "stale" }, TableUpdateMode.Merge);
        await channels.UpsertEntityAsync(new TableEntity(partition, "r2") { ["Pending"] = true }, TableUpdateMode.Merge);

        var listed = await store.ListReviewsAsync(Channel);

        Assert.Equal([new ReviewListing("r1", "Feed", Owner, ReviewStatus.Active, T0)], listed);
        Assert.False((await channels.GetEntityAsync<TableEntity>(partition, "r1")).Value.GetBoolean("Pending"));
        clock.Now += TimeSpan.FromHours(2);
        Assert.Single(await store.ListReviewsAsync(Channel));
        Assert.False((await channels.GetEntityIfExistsAsync<TableEntity>(partition, "r2")).HasValue);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _tables.DeleteAsync();

    private static ReviewState NewState(string id, ChannelRef? channel = null, string title = "URL shortener") =>
        new(id, "system-design", title, Owner, channel ?? Channel, Parallel: false, ReviewStatus.Active, T0, FinishedAt: null,
            [new StepSession("requirements", DialogState.New)], MessageSeq: 0);

    private static Answer Answer(string id) => new(id, "requirements", "q0", 0, Owner, "about 100M", null, T0, null);

    private static OutboundMessage Message(string key, ChannelRef? channel = null) =>
        new(key, channel ?? Channel, new NeutralMessage($"text of {key}", []));

    private static Decision Create(ReviewState state, IReadOnlyList<Answer>? answers = null, params OutboundMessage[] messages) =>
        new(state.Id, state, answers ?? [], [], messages) { IsNewReview = true };

    private static async Task<string> CreateAsync(IReviewStore store, ReviewState state, params OutboundMessage[] messages)
    {
        await store.CommitAsync(new TurnCommit(Create(state, [], messages), null, null));
        return (await store.GetReviewAsync(state.Id))!.Version;
    }
}
