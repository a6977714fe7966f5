using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Json;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.Contract;

/// <summary>
/// What every <see cref="IReviewStore"/> must do, tested only through the interface: each store's test project
/// derives from this class and supplies a fresh, empty, initialized store per test. Time is passed in, never slept.
/// Versions are opaque strings here (SQLite counts, Table Storage uses ETags).
/// </summary>
public abstract class ReviewStoreContract
{
    protected static readonly ChannelRef ChannelA = new("test", "A");
    protected static readonly ChannelRef ChannelB = new("test", "B");
    protected static readonly UserRef Owner = new("U1", "Ada");
    protected static readonly UserRef Member = new("U2", "Grace");

    // Deliberately not whole seconds and not UTC, so lost precision or offsets show.
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(2)).AddTicks(5_358_979);
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty store, already initialized, for one test.</summary>
    protected abstract Task<IReviewStore> CreateStoreAsync();

    // ---- basics ----

    [Fact]
    public async Task Ping_answers_and_initialize_is_safe_to_repeat()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new TurnCommit(Create(NewState("r1")), null, null));

        await store.InitializeAsync();

        Assert.True(await store.PingAsync());
        Assert.NotNull(await store.GetReviewAsync("r1"));
    }

    // ---- inbox ----

    [Fact]
    public async Task Accept_dedupes_by_event_id()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.AcceptAsync(Command("E1"), T0));
        Assert.False(await store.AcceptAsync(Command("E1", text: "a retry of the same delivery"), T0.AddSeconds(3)));

        var pending = Assert.Single(await store.PendingInboxAsync(10));
        Assert.Equal(Command("E1"), pending.Event);
        Assert.Equal(T0, pending.ReceivedAt);
    }

    [Fact]
    public async Task Pending_lists_unprocessed_events_oldest_first()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "E1", "E2", "E3", "E4" })
            await store.AcceptAsync(Command(id), T0);

        await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([]), null, "E2"));

        Assert.Equal(["E1", "E3", "E4"], (await store.PendingInboxAsync(10)).Select(i => i.Event.EventId));
        Assert.Equal(["E1", "E3"], (await store.PendingInboxAsync(2)).Select(i => i.Event.EventId));
    }

    [Fact]
    public async Task A_decision_that_changes_nothing_still_marks_its_event_processed()
    {
        var store = await CreateStoreAsync();
        await store.AcceptAsync(Command("E1"), T0);

        await store.CommitAsync(new TurnCommit(new Decision(null, null, [], [], []), null, "E1"));

        Assert.Empty(await store.PendingInboxAsync(10));
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    // ---- reviews ----

    [Fact]
    public async Task A_new_review_loads_back_as_it_was_committed()
    {
        var store = await CreateStoreAsync();
        await store.AcceptAsync(Command("E1"), T0);
        var state = NewState("r1") with
        {
            Steps =
            [
                new StepSession("requirements", new DialogState(2, DialogStatus.Active, [new Ask(0, "m1"), new Ask(1, "m2"), new Ask(2, "m4")], [1])),
                new StepSession("estimates", DialogState.New),
            ],
            MessageSeq = 4,
        };
        Answer[] answers =
        [
            NewAnswer("a1", 0, "100M URLs a month", number: 1e8),
            NewAnswer("a2", 1, "0.3 reads per write", number: 0.1 + 0.2),
            NewAnswer("a3", 2, "3", number: 3.0),
            NewAnswer("a4", 3, "no idea", number: null) with { EditedAt = T0.AddMinutes(9) },
        ];

        await store.CommitAsync(new TurnCommit(Create(state, answers, Message("m1"), Message("m2")), null, "E1"));

        var loaded = await store.GetReviewAsync("r1");
        Assert.NotNull(loaded);
        Assert.False(string.IsNullOrEmpty(loaded.Version));
        Assert.Equal(CoreJson.Serialize(state), CoreJson.Serialize(loaded.State));
        Assert.Equal(answers, loaded.Answers.OrderBy(a => a.Id));
        // Numbers come back as the same doubles, not as text or decimals rounded on the way.
        Assert.Equal([1e8, 0.1 + 0.2, 3.0, null], loaded.Answers.OrderBy(a => a.Id).Select(a => a.Number));
        Assert.Equal(2, await store.CountPendingOutboxAsync());
        Assert.Empty(await store.PendingInboxAsync(10));
    }

    [Fact]
    public async Task An_unknown_review_is_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetReviewAsync("nope"));
        Assert.Null(await store.FindPostedAsync("nope", "card"));
        Assert.Null(await store.FindThreadAsync(ChannelA, "T1"));
    }

    [Fact]
    public async Task Creating_a_review_that_exists_conflicts()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new TurnCommit(Create(NewState("r1", title: "first")), null, null));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.CommitAsync(new TurnCommit(Create(NewState("r1", title: "second")), null, null)));

        Assert.Equal("first", (await store.GetReviewAsync("r1"))!.State.Title);
    }

    [Fact]
    public async Task A_commit_on_a_stale_version_conflicts_and_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var v1 = await CreateReviewAsync(store, NewState("r1"));
        var current = await store.GetReviewAsync("r1");
        await store.CommitAsync(new TurnCommit(Change(current!.State with { Title = "moved on" }), v1, null));
        var outboxBefore = await store.CountPendingOutboxAsync();
        await store.AcceptAsync(Command("E9"), T0);

        var stale = Change(current.State with { Title = "stale", MessageSeq = 9 }, [NewAnswer("a1")], [], Message("m9"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new TurnCommit(stale, v1, "E9")));

        var after = await store.GetReviewAsync("r1");
        Assert.Equal("moved on", after!.State.Title);
        Assert.Empty(after.Answers);
        Assert.Equal(outboxBefore, await store.CountPendingOutboxAsync());
        Assert.Equal("E9", Assert.Single(await store.PendingInboxAsync(10)).Event.EventId);
    }

    [Fact]
    public async Task Of_concurrent_commits_on_one_version_exactly_one_wins()
    {
        var store = await CreateStoreAsync();
        var v1 = await CreateReviewAsync(store, NewState("r1"));
        var state = (await store.GetReviewAsync("r1"))!.State;

        var titles = new[] { "one", "two", "three", "four" };
        var outcomes = await Task.WhenAll(titles.Select(title => Task.Run(() => Record.ExceptionAsync(
            () => store.CommitAsync(new TurnCommit(Change(state with { Title = title }, [NewAnswer($"a-{title}")], [], Message($"m-{title}")), v1, null))))));

        Assert.Single(outcomes, e => e is null);
        Assert.All(outcomes.Where(e => e is not null), e => Assert.IsType<ConcurrencyConflictException>(e));
        var winner = titles[Array.FindIndex(outcomes, e => e is null)];
        var after = await store.GetReviewAsync("r1");
        Assert.Equal(winner, after!.State.Title);
        Assert.Equal($"a-{winner}", Assert.Single(after.Answers).Id);
        Assert.Equal(1, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task Answers_are_upserted_and_deleted()
    {
        var store = await CreateStoreAsync();
        var version = await CreateReviewAsync(store, NewState("r1"), [NewAnswer("a1", 0, "100M"), NewAnswer("a2", 1, "1:10")]);
        var state = (await store.GetReviewAsync("r1"))!.State;

        var edited = NewAnswer("a1", 0, "200M", number: 2e8) with { EditedAt = T0.AddHours(1) };
        await store.CommitAsync(new TurnCommit(Change(state with { MessageSeq = 1 }, [edited, NewAnswer("a3", 2, "5 years")], ["a2"]), version, null));

        var answers = (await store.GetReviewAsync("r1"))!.Answers.OrderBy(a => a.Id).ToList();
        Assert.Equal([edited, NewAnswer("a3", 2, "5 years")], answers);
    }

    [Fact]
    public async Task Reviews_are_listed_per_channel_newest_first()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1", ChannelA, T0, "Chat"));
        await CreateReviewAsync(store, NewState("r2", ChannelA, T0.AddHours(1), "Feed") with { Status = ReviewStatus.Completed });
        await CreateReviewAsync(store, NewState("r3", ChannelA, T0.AddDays(-1), "Queue"));
        await CreateReviewAsync(store, NewState("r4", ChannelB, T0.AddDays(1), "Cache"));

        var listed = await store.ListReviewsAsync(ChannelA);

        Assert.Equal(
            [
                new ReviewListing("r2", "Feed", Owner, ReviewStatus.Completed, T0.AddHours(1)),
                new ReviewListing("r1", "Chat", Owner, ReviewStatus.Active, T0),
                new ReviewListing("r3", "Queue", Owner, ReviewStatus.Active, T0.AddDays(-1)),
            ],
            listed);
        Assert.Equal(["r4"], (await store.ListReviewsAsync(ChannelB)).Select(l => l.Id));
        Assert.Empty(await store.ListReviewsAsync(new ChannelRef("other", "A")));
    }

    [Fact]
    public async Task Long_answers_and_many_answers_store_and_load()
    {
        var store = await CreateStoreAsync();
        var longText = string.Concat(Enumerable.Repeat("ünïcødé ✓ ", 400));
        Assert.Equal(4000, longText.Length);
        var many = Enumerable.Range(0, 300).Select(i => NewAnswer($"a{i:D3}", i % 12, $"answer {i}", number: i * 1.5)).ToList();
        many[7] = many[7] with { Text = longText };

        await CreateReviewAsync(store, NewState("r1"), many);

        var loaded = (await store.GetReviewAsync("r1"))!.Answers.OrderBy(a => a.Id).ToList();
        Assert.Equal(300, loaded.Count);
        Assert.Equal(many, loaded);
        Assert.Equal(longText, loaded[7].Text);
    }

    [Fact]
    public async Task Timestamps_round_trip_to_the_tick()
    {
        var store = await CreateStoreAsync();
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);
        var finished = new DateTimeOffset(2026, 1, 9, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(9_999_999);
        var state = NewState("r1", createdAt: created) with { FinishedAt = finished };
        var answer = NewAnswer("a1") with { SentAt = created.AddTicks(3), EditedAt = finished.AddTicks(-3) };
        var received = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-3)).AddTicks(7);
        await store.AcceptAsync(Command("E1", at: created.AddTicks(11)), received);

        await CreateReviewAsync(store, state, [answer]);

        var loaded = (await store.GetReviewAsync("r1"))!;
        Assert.True(loaded.State.CreatedAt.EqualsExact(created));
        Assert.True(loaded.State.FinishedAt!.Value.EqualsExact(finished));
        Assert.Equal(answer.SentAt.UtcTicks, loaded.Answers[0].SentAt.UtcTicks);
        Assert.Equal(answer.EditedAt!.Value.UtcTicks, loaded.Answers[0].EditedAt!.Value.UtcTicks);
        Assert.Equal(created.UtcTicks, Assert.Single(await store.ListReviewsAsync(ChannelA)).CreatedAt.UtcTicks);
        var inbox = Assert.Single(await store.PendingInboxAsync(10));
        Assert.Equal(received.UtcTicks, inbox.ReceivedAt.UtcTicks);
        Assert.Equal(created.AddTicks(11).UtcTicks, inbox.Event.At.UtcTicks);
    }

    // ---- outbox ----

    [Fact]
    public async Task A_reviews_messages_go_out_in_order_one_at_a_time_and_reviews_in_parallel()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"), Message("m2"), Message("m3"));
        await CreateReviewAsync(store, NewState("r2"), [], Message("n1"), Message("n2"));

        var first = await store.ClaimOutboxAsync("host", Lease, 10, T0);
        Assert.Equal(["r1/m1", "r2/n1"], Keys(first));
        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, T0));

        await store.CompleteOutboxAsync(first.Single(i => i.Partition == "r1"), Posted("m1"));
        var second = await store.ClaimOutboxAsync("host", Lease, 10, T0.AddSeconds(1));
        Assert.Equal(["r1/m2"], Keys(second));

        await store.CompleteOutboxAsync(first.Single(i => i.Partition == "r2"), Posted("n1"));
        await store.CompleteOutboxAsync(second[0], Posted("m2"));
        var third = await store.ClaimOutboxAsync("host", Lease, 10, T0.AddSeconds(2));
        Assert.Equal(["r1/m3", "r2/n2"], Keys(third));
        Assert.All(third, i => Assert.Equal(i.Partition, i.ReviewId));

        foreach (var item in third)
            await store.CompleteOutboxAsync(item, Posted(item.Message.Key));
        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, T0.AddSeconds(3)));
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task An_events_and_a_messages_trace_context_survive_the_inbox_and_the_outbox()
    {
        var store = await CreateStoreAsync();
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        await store.AcceptAsync(Command("E1") with { TraceParent = traceParent }, T0);
        var origin = new MessageOrigin(T0) { TraceParent = traceParent, ReplyAt = T0.AddSeconds(-1) };
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1") with { Origin = origin });

        Assert.Equal(traceParent, Assert.Single(await store.PendingInboxAsync(10)).Event.TraceParent);
        Assert.Equal(origin, Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)).Message.Origin);
    }

    [Fact]
    public async Task The_oldest_pending_message_is_the_earliest_queued_head_of_any_queue()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.OldestPendingOutboxAsync());
        static OutboundMessage Queued(OutboundMessage message, DateTimeOffset at) => message with { Origin = new MessageOrigin(at) };
        await CreateReviewAsync(store, NewState("r1"), [], Queued(Message("m1"), T0.AddMinutes(1)), Queued(Message("m2"), T0.AddMinutes(2)));
        // Another queue's head, queued earlier, written in another offset: the instant counts, not the text.
        await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([Queued(Message("evt:E1", ChannelB), T0.ToOffset(TimeSpan.FromHours(-7)))]), null, null));

        Assert.Equal(T0, await store.OldestPendingOutboxAsync());

        foreach (var item in await store.ClaimOutboxAsync("host", Lease, 10, T0))
            await store.CompleteOutboxAsync(item, item.ReviewId is null ? null : Posted(item.Message.Key));
        Assert.Equal(T0.AddMinutes(2), await store.OldestPendingOutboxAsync());
    }

    [Fact]
    public async Task A_restarted_owner_takes_back_its_own_claims_at_once_but_not_another_owners()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));
        await CreateReviewAsync(store, NewState("r2"), [], Message("m1"));
        // Which review a claim takes first is the store's choice (Table Storage claims partitions in parallel).
        var own = Assert.Single(await store.ClaimOutboxAsync("crashed", Lease, 1, T0));
        Assert.NotEqual(own.Partition, Assert.Single(await store.ClaimOutboxAsync("other", Lease, 1, T0)).Partition);

        await store.ReleaseLeasesAsync("crashed");

        var again = Assert.Single(await store.ClaimOutboxAsync("crashed", Lease, 10, T0.AddSeconds(1)));
        Assert.Equal(own.IdempotencyKey, again.IdempotencyKey);
    }

    [Fact]
    public async Task An_event_committed_twice_is_applied_once()
    {
        var store = await CreateStoreAsync();
        await store.AcceptAsync(Command("E1"), T0);
        await store.CommitAsync(new TurnCommit(Create(NewState("r1"), [NewAnswer("a1")], Message("m1")), null, "E1"));
        var first = (await store.GetReviewAsync("r1"))!;

        // A second worker decided the same event on the same version and commits it too.
        await store.CommitAsync(new TurnCommit(Change(first.State, [NewAnswer("a2")], null, Message("m2")), first.Version, "E1"));

        var after = (await store.GetReviewAsync("r1"))!;
        Assert.Equal(first.Version, after.Version);
        Assert.Equal(["a1"], after.Answers.Select(a => a.Id));
        Assert.Equal(1, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task Completing_can_hand_over_the_reviews_next_message_already_claimed()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"), Message("m2"));
        var first = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));

        var next = await store.CompleteAndClaimNextAsync(first, Posted("m1"), Lease, T0.AddSeconds(1));

        Assert.NotNull(next);
        Assert.Equal("r1/m2", next.IdempotencyKey);
        Assert.Equal("host", next.LeaseOwner);
        Assert.Equal(T0.AddSeconds(1) + Lease, next.LeaseUntil);
        Assert.Equal(Posted("m1"), await store.FindPostedAsync("r1", "m1"));
        Assert.Empty(await store.ClaimOutboxAsync("other", Lease, 10, T0.AddSeconds(2)));
        Assert.Null(await store.CompleteAndClaimNextAsync(next, Posted("m2"), Lease, T0.AddSeconds(3)));
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task A_partitions_head_can_be_claimed_directly_once_and_in_order()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"), Message("m2"));

        var head = await store.ClaimPartitionHeadAsync("r1", "host", Lease, T0);
        Assert.Equal("r1/m1", head?.IdempotencyKey);
        Assert.Null(await store.ClaimPartitionHeadAsync("r1", "other", Lease, T0)); // leased: m2 waits behind it
        Assert.Null(await store.ClaimPartitionHeadAsync("r2", "host", Lease, T0));   // nothing queued there

        await store.CompleteOutboxAsync(head!, Posted("m1"));
        Assert.Equal("r1/m2", (await store.ClaimPartitionHeadAsync("r1", "other", Lease, T0.AddSeconds(1)))?.IdempotencyKey);
    }

    [Fact]
    public async Task A_claim_takes_at_most_max_partitions()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "r1", "r2", "r3" })
            await CreateReviewAsync(store, NewState(id), [], Message("m1"));

        var first = await store.ClaimOutboxAsync("host", Lease, 2, T0);
        var second = await store.ClaimOutboxAsync("host", Lease, 2, T0);

        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.Equal(["r1/m1", "r2/m1", "r3/m1"], Keys([.. first, .. second]));
    }

    [Fact]
    public async Task Claimed_messages_keep_what_was_queued()
    {
        var store = await CreateStoreAsync();
        var message = Message("m2") with { ThreadRootKey = "root:requirements", VisibleTo = "U2", OpensThreadForStep = "estimates" };
        await CreateReviewAsync(store, NewState("r1"), [], message);

        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));

        Assert.Equal(CoreJson.Serialize(message), CoreJson.Serialize(item.Message));
        Assert.Equal("r1", item.ReviewId);
        Assert.Equal(0, item.Attempts);
        Assert.Equal("host", item.LeaseOwner);
        Assert.Equal(T0 + Lease, item.LeaseUntil);
    }

    [Fact]
    public async Task A_leased_message_is_claimed_by_another_owner_only_after_the_lease_expires()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));
        var mine = Assert.Single(await store.ClaimOutboxAsync("a", Lease, 10, T0));

        Assert.Empty(await store.ClaimOutboxAsync("b", Lease, 10, T0 + Lease - TimeSpan.FromSeconds(1)));
        var theirs = Assert.Single(await store.ClaimOutboxAsync("b", Lease, 10, T0 + Lease + TimeSpan.FromSeconds(1)));

        Assert.Equal(mine.IdempotencyKey, theirs.IdempotencyKey);
        Assert.Equal("b", theirs.LeaseOwner);
    }

    [Fact]
    public async Task Completing_after_losing_the_lease_throws()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));
        var mine = Assert.Single(await store.ClaimOutboxAsync("a", Lease, 10, T0));
        var theirs = Assert.Single(await store.ClaimOutboxAsync("b", Lease, 10, T0 + Lease + TimeSpan.FromSeconds(1)));

        await Assert.ThrowsAsync<LeaseLostException>(() => store.CompleteOutboxAsync(mine, Posted("m1")));

        await store.CompleteOutboxAsync(theirs, Posted("m1", "from-b"));
        Assert.Equal("from-b", (await store.FindPostedAsync("r1", "m1"))!.MessageId);
        await Assert.ThrowsAsync<LeaseLostException>(() => store.CompleteOutboxAsync(theirs, Posted("m1")));
    }

    [Fact]
    public async Task The_same_owner_reclaiming_after_expiry_holds_a_new_lease()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));
        var stuck = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var again = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0 + Lease + TimeSpan.FromSeconds(1)));

        await store.CompleteOutboxAsync(again, Posted("m1"));

        await Assert.ThrowsAsync<LeaseLostException>(() => store.CompleteOutboxAsync(stuck, Posted("m1")));
    }

    [Fact]
    public async Task Completion_records_where_the_message_landed_and_indexes_its_thread()
    {
        var store = await CreateStoreAsync();
        var root = Message(ReviewState.StepRootKey("requirements")) with { OpensThreadForStep = "requirements" };
        var v1 = await CreateReviewAsync(store, NewState("r1"), [], root);
        var decidedOn = (await store.GetReviewAsync("r1"))!;
        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var posted = new PostedMessage("M7", "T7", T0.AddSeconds(2));

        await store.CompleteOutboxAsync(item, posted);

        Assert.Equal(posted, await store.FindPostedAsync("r1", root.Key));
        var after = (await store.GetReviewAsync("r1"))!;
        Assert.Equal(posted, after.Posted[root.Key]);
        Assert.NotEqual(v1, after.Version);
        Assert.Equal(new ThreadLink("r1", "requirements"), await store.FindThreadAsync(ChannelA, "T7"));
        Assert.Null(await store.FindThreadAsync(ChannelB, "T7"));
        // A turn decided before the message was posted must reload, or it would drop the posted id.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.CommitAsync(new TurnCommit(Change(decidedOn.State with { Title = "late" }), decidedOn.Version, null)));
        Assert.Equal(posted, (await store.GetReviewAsync("r1"))!.Posted[root.Key]);
    }

    [Fact]
    public async Task A_review_thread_that_is_no_steps_is_indexed_on_completion_like_a_step_thread()
    {
        var store = await CreateStoreAsync();
        var card = Message(ReviewState.CardKey) with { OpensThreadForStep = ReviewState.ReviewThread };
        var startReply = Message("m2") with { ThreadId = "CMD9", OpensThreadForStep = ReviewState.ReviewThread };
        await CreateReviewAsync(store, NewState("r1"), [], card, startReply);

        var first = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var second = await store.CompleteAndClaimNextAsync(first, new PostedMessage("C1", "C1", T0.AddSeconds(1)), Lease, T0);
        await store.CompleteOutboxAsync(second!, new PostedMessage("M2", "CMD9", T0.AddSeconds(2)));

        Assert.Equal(new ThreadLink("r1", ReviewState.ReviewThread), await store.FindThreadAsync(ChannelA, "C1"));
        Assert.Equal(new ThreadLink("r1", ReviewState.ReviewThread), await store.FindThreadAsync(ChannelA, "CMD9"));
        Assert.Null(await store.FindThreadAsync(ChannelB, "CMD9"));
    }

    [Fact]
    public async Task A_turn_after_a_post_keeps_where_the_message_landed()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("card"));
        await store.CompleteOutboxAsync(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)), Posted("card"));
        var loaded = (await store.GetReviewAsync("r1"))!;
        Assert.Equal(Posted("card"), Assert.Single(loaded.Posted).Value);

        await store.CommitAsync(new TurnCommit(Change(loaded.State with { Title = "renamed" }, [NewAnswer("a1")]), loaded.Version, null));

        var after = (await store.GetReviewAsync("r1"))!;
        Assert.Equal("renamed", after.State.Title);
        Assert.Equal(Posted("card"), after.Posted["card"]);
        Assert.Equal(Posted("card"), await store.FindPostedAsync("r1", "card"));
    }

    [Fact]
    public async Task Completing_an_update_in_place_records_nothing()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("card"), Message("m2") with { ReplacesKey = "card" });
        await store.CompleteOutboxAsync(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)), Posted("card"));
        var update = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal("card", update.Message.ReplacesKey);

        await store.CompleteOutboxAsync(update, null);

        Assert.Null(await store.FindPostedAsync("r1", "m2"));
        Assert.Equal("M-card", (await store.FindPostedAsync("r1", "card"))!.MessageId);
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task A_retried_message_waits_until_not_before_and_holds_back_its_review()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"), Message("m2"));
        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var notBefore = T0.AddMinutes(1);

        await store.RetryOutboxAsync(item, notBefore, "rate limited", outcomeUnknown: false);

        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, notBefore.AddTicks(-1)));
        var retried = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, notBefore));
        Assert.Equal("r1/m1", retried.IdempotencyKey);
        Assert.Equal(1, retried.Attempts);
        Assert.Equal(2, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task A_message_queued_not_before_a_time_waits_for_it_and_holds_back_its_review()
    {
        var store = await CreateStoreAsync();
        var settling = Message("m1") with { NotBefore = T0.AddSeconds(3) };
        await CreateReviewAsync(store, NewState("r1"), [], settling, Message("m2"));

        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, T0.AddSeconds(3).AddTicks(-1)));
        var due = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0.AddSeconds(3)));
        Assert.Equal("r1/m1", due.IdempotencyKey);
        Assert.Equal(0, due.Attempts);
        Assert.Equal(T0.AddSeconds(3), due.Message.NotBefore);
    }

    [Fact]
    public async Task A_deferred_message_waits_until_not_before_without_counting_an_attempt_and_keeps_an_unknown_outcome()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"), Message("m2"));
        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        await store.RetryOutboxAsync(item, T0, "timed out", outcomeUnknown: true);
        var unknown = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var notBefore = T0.AddSeconds(7);

        await store.DeferOutboxAsync(unknown, notBefore, outcomeUnknown: true);

        Assert.Empty(await store.ClaimOutboxAsync("host", Lease, 10, notBefore.AddTicks(-1)));
        var deferred = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, notBefore));
        Assert.Equal("r1/m1", deferred.IdempotencyKey);
        Assert.Equal(1, deferred.Attempts);
        Assert.True(deferred.OutcomeUnknown);

        await store.DeferOutboxAsync(deferred, notBefore, outcomeUnknown: false);
        var known = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, notBefore));
        Assert.Equal(1, known.Attempts);
        Assert.False(known.OutcomeUnknown);
    }

    [Fact]
    public async Task Channel_replies_with_the_same_key_are_queued_once()
    {
        var store = await CreateStoreAsync();
        await store.AcceptAsync(Command("E1"), T0);
        var reply = Decision.ChannelOnly([Message("evt:E1")]);

        await store.CommitAsync(new TurnCommit(reply, null, "E1"));
        await store.CommitAsync(new TurnCommit(reply, null, "E1"));
        await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([Message("evt:E1", ChannelB)]), null, null));

        Assert.Equal(2, await store.CountPendingOutboxAsync());
        var items = await store.ClaimOutboxAsync("host", Lease, 10, T0);
        Assert.Equal(
            [OutboxItem.ChannelPartition(ChannelA), OutboxItem.ChannelPartition(ChannelB)],
            items.Select(i => i.Partition).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Null(i.ReviewId));
        foreach (var item in items)
            await store.CompleteOutboxAsync(item, Posted(item.Message.Key));

        // Still once after it was sent: a late platform retry must not post the reply again.
        await store.CommitAsync(new TurnCommit(reply, null, "E1"));
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    // ---- addresses: the adapter's, stored and handed back, never read ----

    [Fact]
    public async Task A_channels_address_comes_back_with_the_review_its_messages_and_its_events()
    {
        var store = await CreateStoreAsync();
        var addressed = ChannelA with { Address = "{\"serviceUrl\":\"https://smba.example/emea/\",\"tenant\":\"t1\",\"team\":\"19:team\"}" };
        var command = new CommandEvent("E1", addressed, Member, T0, "start URL shortener");
        await store.AcceptAsync(command, T0);
        var root = Message(ReviewState.StepRootKey("requirements"), addressed) with { OpensThreadForStep = "requirements" };

        Assert.Equal(addressed.Address, Assert.Single(await store.PendingInboxAsync(10)).Event.Channel.Address);
        await store.CommitAsync(new TurnCommit(Create(NewState("r1", addressed), [], root), null, "E1"));

        Assert.Equal(addressed.Address, (await store.GetReviewAsync("r1"))!.State.Channel.Address);
        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal(addressed.Address, item.Message.Channel.Address);
        await store.CompleteOutboxAsync(item, Posted(root.Key));
        // Lookups by channel go by platform and id: an event carrying another address (a moved service URL) finds the same.
        var moved = ChannelA with { Address = "{\"serviceUrl\":\"https://smba.example/amer/\"}" };
        Assert.Equal(["r1"], (await store.ListReviewsAsync(moved)).Select(l => l.Id));
        Assert.Equal(new ThreadLink("r1", "requirements"), await store.FindThreadAsync(moved, $"T-{root.Key}"));
    }

    [Fact]
    public async Task A_channel_replys_address_comes_back_with_the_reply()
    {
        var store = await CreateStoreAsync();
        var addressed = ChannelB with { Address = "slack:T012AB3C4/C012AB3C4" };

        await store.CommitAsync(new TurnCommit(Decision.ChannelOnly([Message("evt:E1", addressed)]), null, null));

        var item = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal(OutboxItem.ChannelPartition(ChannelB), item.Partition);
        Assert.Equal("slack:T012AB3C4/C012AB3C4", item.Message.Channel.Address);
    }

    [Fact]
    public async Task Where_a_message_landed_keeps_the_adapters_address()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("card"), Message("m2"));
        var addressed = new PostedMessage("1700000000123", "1700000000123", T0.AddSeconds(1), "{\"conversation\":\"19:abc;messageid=1700000000123\"}");

        var card = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        var next = await store.CompleteAndClaimNextAsync(card, addressed, Lease, T0);
        await store.CompleteOutboxAsync(next!, Posted("m2"));

        Assert.Equal(addressed, await store.FindPostedAsync("r1", "card"));
        var loaded = (await store.GetReviewAsync("r1"))!;
        Assert.Equal(addressed.Address, loaded.Posted["card"].Address);
        Assert.Null(loaded.Posted["m2"].Address);
    }

    // ---- unknown outcomes: every claim opens an attempt; sent or a known failure closes it ----

    [Fact]
    public async Task A_first_claim_and_a_claim_after_a_known_failure_know_the_outcome()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));

        var first = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.False(first.OutcomeUnknown);
        await store.RetryOutboxAsync(first, T0, "HTTP 400 invalid_blocks", outcomeUnknown: false);

        Assert.False(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)).OutcomeUnknown);
    }

    [Fact]
    public async Task A_send_given_back_with_an_unknown_outcome_is_claimed_as_unknown_until_a_known_failure()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));
        var first = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));

        await store.RetryOutboxAsync(first, T0, "the post timed out", outcomeUnknown: true);

        var second = await store.ClaimPartitionHeadAsync("r1", "host", Lease, T0);
        Assert.NotNull(second);
        Assert.True(second.OutcomeUnknown);
        Assert.Equal(1, second.Attempts);
        await store.RetryOutboxAsync(second, T0, "HTTP 503", outcomeUnknown: false);
        Assert.False(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)).OutcomeUnknown);
    }

    [Fact]
    public async Task A_claim_that_was_never_completed_nor_given_back_leaves_the_outcome_unknown()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"));
        await CreateReviewAsync(store, NewState("r2"), [], Message("m1"));
        // Which review a claim takes first is the store's choice: one host takes one, the other the other.
        var crashed = Assert.Single(await store.ClaimOutboxAsync("crashed", Lease, 1, T0));
        var lost = Assert.Single(await store.ClaimOutboxAsync("stalled", Lease, 1, T0));
        Assert.NotEqual(crashed.Partition, lost.Partition);

        // One: its host restarts under the same id and releases its claims; the other: the lease runs out and another host takes it.
        await store.ReleaseLeasesAsync("crashed");
        var released = await store.ClaimPartitionHeadAsync(crashed.Partition, "crashed", Lease, T0.AddSeconds(1));
        var expired = await store.ClaimPartitionHeadAsync(lost.Partition, "other", Lease, T0 + Lease + TimeSpan.FromSeconds(1));

        Assert.True(released!.OutcomeUnknown);
        Assert.True(expired!.OutcomeUnknown);
        // The stalled claim has lost its lease: giving it back changes nothing, so the new claim's attempt stays open.
        await store.RetryOutboxAsync(lost, T0, "late", outcomeUnknown: false);
        Assert.True((await store.ClaimPartitionHeadAsync(lost.Partition, "third", Lease, T0 + Lease * 3))!.OutcomeUnknown);
    }

    [Fact]
    public async Task The_next_message_of_a_review_starts_with_a_known_outcome()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("m1"), Message("m2"));
        var first = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        await store.RetryOutboxAsync(first, T0, "the post timed out", outcomeUnknown: true);
        var unknown = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.True(unknown.OutcomeUnknown);

        var next = await store.CompleteAndClaimNextAsync(unknown, Posted("m1"), Lease, T0);

        Assert.Equal("r1/m2", next?.IdempotencyKey);
        Assert.False(next!.OutcomeUnknown);
    }

    // ---- collapsing queued updates of one message ----

    [Fact]
    public async Task Queued_updates_of_one_message_collapse_into_the_latest()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("card"));
        await store.CompleteOutboxAsync(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)), Posted("card"));
        var snapshot = (await store.GetReviewAsync("r1"))!;

        // Three turns update the card while the outbox is held (nothing claimed); the second also posts a question.
        snapshot = await CommitTurnAsync(store, snapshot, Update("m2", "card", "1 of 9 answered"));
        snapshot = await CommitTurnAsync(store, snapshot, Message("m3"), Update("m4", "card", "2 of 9 answered"));
        await CommitTurnAsync(store, snapshot, Update("m5", "card", "3 of 9 answered"));

        Assert.Equal(2, await store.CountPendingOutboxAsync());
        var question = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal("r1/m3", question.IdempotencyKey);
        var update = await store.CompleteAndClaimNextAsync(question, Posted("m3"), Lease, T0);
        Assert.Equal("r1/m5", update?.IdempotencyKey);
        Assert.Equal("card", update!.Message.ReplacesKey);
        Assert.Equal("3 of 9 answered", update.Message.Body.FallbackText);
        Assert.Null(await store.CompleteAndClaimNextAsync(update, null, Lease, T0));
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task An_update_queued_before_a_question_in_its_settle_pause_is_not_held_back_by_a_later_update()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("q1"));
        await store.CompleteOutboxAsync(Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0)), Posted("q1"));
        var snapshot = (await store.GetReviewAsync("r1"))!;

        // alice's answer marks Q1 and queues Q2 in its pause; carol's answer, a moment later, marks Q1 again.
        snapshot = await CommitTurnAsync(store, snapshot, Update("m2", "q1", "✓ alice"), Message("m3") with { NotBefore = T0.AddSeconds(30) });
        await CommitTurnAsync(store, snapshot, Update("m4", "q1", "✓ alice, carol"));

        // alice's mark goes at once; carol's waits behind Q2 rather than taking alice's with it.
        var now = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal("m2:✓ alice", $"{now.Message.Key}:{now.Message.Body.FallbackText}");
        Assert.Null(await store.CompleteAndClaimNextAsync(now, null, Lease, T0));
        var order = new List<string>();
        for (var next = await store.ClaimPartitionHeadAsync("r1", "host", Lease, T0.AddSeconds(31)); next is not null; next = await store.CompleteAndClaimNextAsync(next, null, Lease, T0.AddSeconds(31)))
            order.Add($"{next.Message.Key}:{next.Message.Body.FallbackText}");
        Assert.Equal(["m3:text of m3", "m4:✓ alice, carol"], order);
    }

    [Fact]
    public async Task An_update_that_is_being_sent_is_not_dropped_but_one_given_back_is()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1"), [], Message("card"), Message("summary"));
        var snapshot = (await store.GetReviewAsync("r1"))!;
        snapshot = await CommitTurnAsync(store, snapshot, Update("m1", "card", "first"), Update("m2", "summary", "summary one"));
        var card = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        await store.CompleteOutboxAsync(await store.CompleteAndClaimNextAsync(card, Posted("card"), Lease, T0) ?? throw new InvalidOperationException("summary"), Posted("summary"));
        var sending = Assert.Single(await store.ClaimOutboxAsync("host", Lease, 10, T0));
        Assert.Equal("r1/m1", sending.IdempotencyKey);
        snapshot = (await store.GetReviewAsync("r1"))!; // the posts moved the version

        snapshot = await CommitTurnAsync(store, snapshot, Update("m3", "card", "second"));
        snapshot = await CommitTurnAsync(store, snapshot, Update("m4", "card", "third"));

        // m1 is leased (it may be on its way) and stays; m3 was dropped for m4; m2 updates another message and stays.
        Assert.Equal(3, await store.CountPendingOutboxAsync());
        await store.RetryOutboxAsync(sending, T0, "HTTP 503", outcomeUnknown: false);
        await CommitTurnAsync(store, snapshot, Update("m5", "card", "fourth"));

        // m1, given back and held by nobody, is superseded now too.
        var order = new List<string>();
        for (var next = await store.ClaimPartitionHeadAsync("r1", "host", Lease, T0); next is not null; next = await store.CompleteAndClaimNextAsync(next, null, Lease, T0))
            order.Add($"{next.Message.Key}:{next.Message.Body.FallbackText}");
        Assert.Equal(["m2:summary one", "m5:fourth"], order);
    }

    // ---- wakes ----

    [Fact]
    public async Task A_wake_comes_due_at_its_time_and_not_before()
    {
        var store = await CreateStoreAsync();
        var channel = ChannelA with { Address = "{\"team\":\"T1\"}" };
        await CreateReviewAsync(store, NewState("r1", channel) with { NextWakeAt = T0.AddHours(1) });
        await CreateReviewAsync(store, NewState("r2"));

        Assert.Empty(await store.ClaimDueWakesAsync("host", Lease, 10, T0.AddHours(1).AddTicks(-1)));
        var due = Assert.Single(await store.ClaimDueWakesAsync("host", Lease, 10, T0.AddHours(1)));

        Assert.Equal(new DueWake("r1", ChannelA, T0.AddHours(1)), due);
        Assert.Equal(channel.Address, due.Channel.Address);
        Assert.Equal(T0.AddHours(1).UtcTicks, due.WakeAt.UtcTicks);
    }

    [Fact]
    public async Task A_claimed_wake_is_not_claimed_again_until_its_lease_expires()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1") with { NextWakeAt = T0 });

        Assert.Single(await store.ClaimDueWakesAsync("host-a", Lease, 10, T0));

        Assert.Empty(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0.AddSeconds(1)));
        Assert.Empty(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0 + Lease));
        Assert.Equal("r1", Assert.Single(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0 + Lease + TimeSpan.FromTicks(1))).ReviewId);
        Assert.Empty(await store.ClaimDueWakesAsync("host-a", Lease, 10, T0 + Lease + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Due_wakes_come_oldest_first_and_at_most_max()
    {
        var store = await CreateStoreAsync();
        var times = new Dictionary<string, DateTimeOffset>
        {
            ["r1"] = T0.AddMinutes(3), ["r2"] = T0.AddMinutes(1), ["r3"] = T0.AddMinutes(2), ["r0"] = T0.AddMinutes(1), ["r4"] = T0.AddMinutes(10),
        };
        foreach (var (id, at) in times)
            await CreateReviewAsync(store, NewState(id) with { NextWakeAt = at });

        var first = await store.ClaimDueWakesAsync("host", Lease, 3, T0.AddMinutes(5));
        var rest = await store.ClaimDueWakesAsync("host", Lease, 3, T0.AddMinutes(5));

        Assert.Equal(["r0", "r2", "r3"], first.Select(w => w.ReviewId));
        Assert.Equal(["r1"], rest.Select(w => w.ReviewId));
        Assert.Empty(await store.ClaimDueWakesAsync("host", Lease, 0, T0.AddDays(1)));
    }

    [Fact]
    public async Task A_commit_that_moves_the_wake_replaces_it_and_drops_its_lease()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1") with { NextWakeAt = T0 });
        await CreateReviewAsync(store, NewState("r2") with { NextWakeAt = T0 });
        Assert.Equal(2, (await store.ClaimDueWakesAsync("host-a", Lease, 10, T0)).Count);

        // The turns the wakes caused: r1 is next due in a day, r2 (snoozed, then told to remind now) a little earlier than before.
        await CommitWakeAsync(store, "r1", T0.AddDays(1));
        await CommitWakeAsync(store, "r2", T0.AddTicks(-1));

        // r2's new time is not leased; r1's old time is gone, and its new one comes when due.
        Assert.Equal(new DueWake("r2", ChannelA, T0.AddTicks(-1)), Assert.Single(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0.AddSeconds(1))));
        await CommitWakeAsync(store, "r2", null);
        Assert.Empty(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0.AddHours(23)));
        Assert.Equal(new DueWake("r1", ChannelA, T0.AddDays(1)), Assert.Single(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0.AddDays(2))));
    }

    [Fact]
    public async Task A_commit_that_clears_the_wake_removes_it()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1") with { NextWakeAt = T0 });
        Assert.Single(await store.ClaimDueWakesAsync("host", Lease, 10, T0));

        await CommitWakeAsync(store, "r1", null);

        Assert.Empty(await store.ClaimDueWakesAsync("host", Lease, 10, T0.AddDays(30)));
    }

    [Fact]
    public async Task A_commit_that_keeps_the_wake_keeps_its_lease()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1") with { NextWakeAt = T0 });
        Assert.Single(await store.ClaimDueWakesAsync("host-a", Lease, 10, T0));

        // A reply and an answer-only turn while the wake's turn is on its way: neither moves the wake time.
        var snapshot = (await store.GetReviewAsync("r1"))!;
        await store.CommitAsync(new TurnCommit(Change(snapshot.State with { MessageSeq = 3 }), snapshot.Version, null));
        snapshot = (await store.GetReviewAsync("r1"))!;
        await store.CommitAsync(new TurnCommit(new Decision("r1", null, [NewAnswer("a1")], [], []), snapshot.Version, null));

        Assert.Empty(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0.AddSeconds(1)));
        Assert.Equal(new DueWake("r1", ChannelA, T0), Assert.Single(await store.ClaimDueWakesAsync("host-b", Lease, 10, T0 + Lease * 2)));
    }

    [Fact]
    public async Task A_turn_that_writes_nothing_schedules_nothing()
    {
        var store = await CreateStoreAsync();
        await store.AcceptAsync(Command("E1"), T0);
        await CreateReviewAsync(store, NewState("r1"));
        var version = (await store.GetReviewAsync("r1"))!.Version;
        await store.CommitAsync(new TurnCommit(Change(NewState("r1") with { MessageSeq = 1, NextWakeAt = T0 }), version, "E1"));

        // A decision made on the old version conflicts; the same event committed again applies nothing.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.CommitAsync(new TurnCommit(Change(NewState("r1") with { NextWakeAt = T0.AddTicks(-5) }), version, null)));
        var current = (await store.GetReviewAsync("r1"))!;
        await store.CommitAsync(new TurnCommit(Change(current.State with { NextWakeAt = T0.AddTicks(-9) }), current.Version, "E1"));

        Assert.Equal(new DueWake("r1", ChannelA, T0), Assert.Single(await store.ClaimDueWakesAsync("host", Lease, 10, T0.AddDays(1))));
    }

    [Fact]
    public async Task Releasing_an_owners_wake_leases_frees_them_at_once()
    {
        var store = await CreateStoreAsync();
        await CreateReviewAsync(store, NewState("r1") with { NextWakeAt = T0 });
        await CreateReviewAsync(store, NewState("r2") with { NextWakeAt = T0.AddSeconds(1) });
        Assert.Equal("r1", Assert.Single(await store.ClaimDueWakesAsync("crashed", Lease, 1, T0.AddSeconds(1))).ReviewId);
        Assert.Equal("r2", Assert.Single(await store.ClaimDueWakesAsync("other", Lease, 1, T0.AddSeconds(1))).ReviewId);

        // The crashed host starts again under its id: its claim is free at once, the other host's is not.
        await store.ReleaseWakeLeasesAsync("crashed");

        Assert.Equal(["r1"], (await store.ClaimDueWakesAsync("crashed", Lease, 10, T0.AddSeconds(2))).Select(w => w.ReviewId));
    }

    /// <summary>Commits a turn of the review that sets its wake time (and nothing else but the message counter).</summary>
    protected static async Task CommitWakeAsync(IReviewStore store, string reviewId, DateTimeOffset? wakeAt)
    {
        ArgumentNullException.ThrowIfNull(store);
        var snapshot = (await store.GetReviewAsync(reviewId))!;
        var state = snapshot.State with { MessageSeq = snapshot.State.MessageSeq + 1, NextWakeAt = wakeAt };
        await store.CommitAsync(new TurnCommit(Change(state), snapshot.Version, null));
    }

    // ---- helpers ----

    private static OutboundMessage Update(string key, string target, string text) =>
        new OutboundMessage(key, ChannelA, new NeutralMessage(text, [new TextBlock(text)])) { ReplacesKey = target };

    /// <summary>Commits a turn that changes the state (its MessageSeq) and queues the messages; returns the new snapshot.</summary>
    private static async Task<ReviewSnapshot> CommitTurnAsync(IReviewStore store, ReviewSnapshot snapshot, params OutboundMessage[] messages)
    {
        var state = snapshot.State with { MessageSeq = snapshot.State.MessageSeq + messages.Length };
        await store.CommitAsync(new TurnCommit(Change(state, [], [], messages), snapshot.Version, null));
        return (await store.GetReviewAsync(state.Id))!;
    }

    protected static ReviewState NewState(string id, ChannelRef? channel = null, DateTimeOffset? createdAt = null, string title = "URL shortener") =>
        new(id, "system-design", title, Owner, channel ?? ChannelA, Parallel: false, ReviewStatus.Active, createdAt ?? T0, FinishedAt: null,
            [new StepSession("requirements", DialogState.New), new StepSession("estimates", DialogState.New)],
            MessageSeq: 0);

    protected static Answer NewAnswer(string id, int question = 0, string text = "about 100M", double? number = null) =>
        new(id, "requirements", $"q{question}", question, Member, text, number, T0.AddMinutes(question), EditedAt: null);

    protected static OutboundMessage Message(string key, ChannelRef? channel = null) =>
        new(key, channel ?? ChannelA, new NeutralMessage($"text of {key}", [new TextBlock($"**{key}**")]));

    protected static CommandEvent Command(string eventId, DateTimeOffset? at = null, string text = "start URL shortener") =>
        new(eventId, ChannelA, Member, at ?? T0, text);

    protected static PostedMessage Posted(string key, string? messageId = null) => new(messageId ?? $"M-{key}", $"T-{key}", T0);

    protected static Decision Create(ReviewState state, IReadOnlyList<Answer>? answers = null, params OutboundMessage[] messages) =>
        new(state.Id, state, answers ?? [], [], messages) { IsNewReview = true };

    protected static Decision Change(ReviewState state, IReadOnlyList<Answer>? upserts = null, IReadOnlyList<string>? deletes = null, params OutboundMessage[] messages) =>
        new(state.Id, state, upserts ?? [], deletes ?? [], messages);

    /// <summary>Commits a new review and returns its version.</summary>
    protected static async Task<string> CreateReviewAsync(IReviewStore store, ReviewState state, IReadOnlyList<Answer>? answers = null, params OutboundMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.CommitAsync(new TurnCommit(Create(state, answers, messages), null, null));
        return (await store.GetReviewAsync(state.Id))!.Version;
    }

    private static List<string> Keys(IEnumerable<OutboxItem> items) => [.. items.Select(i => i.IdempotencyKey).Order(StringComparer.Ordinal)];
}
