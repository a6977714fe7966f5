using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.Sqlite.Tests;

/// <summary>The SQLite store's kept snapshots, without a file: what it serves after loads, turns and posts.</summary>
public sealed class SnapshotCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private static readonly PostedMessage Card = new("M1", "T1", T0, "addr");

    private readonly SnapshotCache _cache = new();

    [Fact]
    public void A_turn_on_the_kept_version_moves_it_on_with_its_answers_and_the_posts_it_had()
    {
        _cache.Loaded(4, Snapshot(State("first"), [Answer("a1", 1), Answer("a2", 0)], 4, new() { ["card"] = Card }));

        _cache.Committed(new TurnCommit(new Decision("r1", State("second"), [Answer("a3", 0)], ["a1"], []), "4", null));

        var kept = _cache.Find("r1")!;
        Assert.Equal(("5", "second"), (kept.Version, kept.State.Title));
        Assert.Equal(["a2", "a3"], kept.Answers.Select(a => a.Id));
        Assert.Equal(Card, kept.Posted["card"]);
    }

    [Fact]
    public void A_write_on_a_version_it_does_not_keep_leaves_no_snapshot_and_an_older_load_cannot_bring_one_back()
    {
        _cache.Committed(new TurnCommit(new Decision("r1", State("second"), [], [], []), "4", null));
        Assert.Null(_cache.Find("r1"));

        // A load that read the file just before that commit arrives late.
        _cache.Loaded(4, Snapshot(State("first"), [], 4, []));

        Assert.Null(_cache.Find("r1"));
        _cache.Loaded(5, Snapshot(State("second"), [], 5, []));
        Assert.Equal("second", _cache.Find("r1")!.State.Title);
    }

    [Fact]
    public void A_recorded_post_moves_the_kept_version_and_is_found()
    {
        _cache.Loaded(1, Snapshot(State("first"), [], 1, []));

        _cache.Posted("r1", "card", Card, 2);

        Assert.Equal("2", _cache.Find("r1")!.Version);
        Assert.Equal(Card, _cache.FindPosted("r1", "card"));
        Assert.Null(_cache.FindPosted("r1", "m2"));
        _cache.Posted("r1", "m2", Card, 4); // a version it skipped: it no longer knows the snapshot
        Assert.Null(_cache.Find("r1"));
    }

    [Fact]
    public void A_new_review_is_kept_at_version_one_and_a_forgotten_one_is_not()
    {
        _cache.Committed(new TurnCommit(new Decision("r1", State("first"), [Answer("a1", 0)], [], []) { IsNewReview = true }, null, null));
        Assert.Equal(("1", 1), (_cache.Find("r1")!.Version, _cache.Find("r1")!.Answers.Count));

        _cache.Forget("r1");

        Assert.Null(_cache.Find("r1"));
    }

    private static ReviewState State(string title) =>
        new("r1", "system-design", title, new UserRef("U1", "Ada"), new ChannelRef("test", "A"), false, ReviewStatus.Active, T0, null,
            [new StepSession("requirements", DialogState.New)], 0);

    private static Answer Answer(string id, int question) =>
        new(id, "requirements", $"q{question}", question, new UserRef("U2", "Grace"), "x", null, T0, null);

    private static ReviewSnapshot Snapshot(ReviewState state, IReadOnlyList<Answer> answers, long version, Dictionary<string, PostedMessage> posted) =>
        new(state, StoreRules.OrderAnswers(answers), posted, SnapshotCache.VersionText(version));
}
