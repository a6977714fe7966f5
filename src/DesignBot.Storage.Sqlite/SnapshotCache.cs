using System.Collections.Concurrent;
using System.Globalization;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.Sqlite;

/// <summary>
/// The latest snapshot of each review, as of its version. A turn nearly always loads what the previous turn or send
/// just wrote, so keeping it saves reading and parsing every answer. Pure: the store tells it what it read and what
/// it committed, in commit order, and no other process writes the file (the store owns it).
/// <para>
/// When a write cannot build the new snapshot (no entry of the version before to start from) the entry keeps the new
/// version without a snapshot, so a load that read the file just before that commit cannot put its older snapshot
/// back. A turn that read an entry in the moment between a commit and its update fails its version check, and
/// <see cref="Forget"/> drops the entry.
/// </para>
/// </summary>
internal sealed class SnapshotCache
{
    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>The newest version of a review this process wrote or read, and its snapshot when known.</summary>
    private sealed record Kept(long Version, ReviewSnapshot? Snapshot);

    public static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    public ReviewSnapshot? Find(string reviewId) => _kept.TryGetValue(reviewId, out var kept) ? kept.Snapshot : null;

    /// <summary>Where a message landed, when the kept snapshot knows (a post is recorded once, so it is as good as the file).</summary>
    public PostedMessage? FindPosted(string reviewId, string key) =>
        Find(reviewId)?.Posted.GetValueOrDefault(key);

    /// <summary>
    /// A snapshot read from the file at <paramref name="version"/>: kept unless a write meanwhile moved the review on.
    /// (Every write moves the version, so a snapshot read at the version an entry holds without one is that version's.)
    /// </summary>
    public void Loaded(long version, ReviewSnapshot snapshot)
    {
        var loaded = new Kept(version, snapshot);
        _kept.AddOrUpdate(snapshot.State.Id, loaded,
            (_, existing) => existing.Version > version || (existing.Version == version && existing.Snapshot is not null) ? existing : loaded);
    }

    /// <summary>After a turn committed: the entry moves to the new version.</summary>
    public void Committed(TurnCommit commit)
    {
        var decision = commit.Decision;
        if (decision.ReviewId is not { } reviewId || !StoreRules.ChangesReview(decision))
            return;
        if (decision.NewState is { } created && decision.IsNewReview)
        {
            _kept[reviewId] = new Kept(1, new ReviewSnapshot(created, StoreRules.OrderAnswers(decision.UpsertAnswers), ReviewSnapshot.NothingPosted, VersionText(1)));
            return;
        }
        if (decision.NewState is not { } changed
            || !long.TryParse(commit.ExpectedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            // Answers changed without a new state (the engine never decides that): the version stays, so drop the entry.
            _kept.TryRemove(reviewId, out _);
            return;
        }
        var version = expected + 1;
        if (!_kept.TryGetValue(reviewId, out var kept) || kept.Version != expected || kept.Snapshot is not { } before)
        {
            _kept[reviewId] = new Kept(version, null);
            return;
        }
        _kept[reviewId] = new Kept(version, new ReviewSnapshot(changed, StoreRules.ApplyAnswers(before.Answers, decision), before.Posted, VersionText(version)));
    }

    /// <summary>After a post was recorded, which moved the review to <paramref name="version"/>.</summary>
    public void Posted(string reviewId, string key, PostedMessage posted, long version)
    {
        if (_kept.TryGetValue(reviewId, out var kept) && kept.Version == version - 1 && kept.Snapshot is { } before)
        {
            var posts = new Dictionary<string, PostedMessage>(before.Posted, StringComparer.Ordinal) { [key] = posted };
            _kept[reviewId] = new Kept(version, before with { Posted = posts, Version = VersionText(version) });
        }
        else
        {
            _kept[reviewId] = new Kept(version, null);
        }
    }

    /// <summary>The entry was behind the file (a commit on it conflicted): the next read loads.</summary>
    public void Forget(string reviewId) => _kept.TryRemove(reviewId, out _);
}
