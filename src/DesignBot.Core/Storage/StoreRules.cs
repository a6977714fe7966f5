using System.Globalization;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Storage;

/// <summary>
/// The rules of <see cref="IReviewStore"/> that do not depend on how a store keeps its rows, written once so that every
/// store (and a third one) applies them alike: what a commit must name, where a message queues, the order answers load
/// in, when a queued message may be claimed, which queued updates a turn collapses, and how times are written as text.
/// </summary>
public static class StoreRules
{
    /// <summary>
    /// Times in columns and entity properties: UTC, fixed width, 7 fractional digits. Exact to the tick on every
    /// service (not every table service keeps DateTime to the tick) and ordered as text, so "not_before &lt;= $now"
    /// compares correctly. Values inside JSON keep their offset as well.
    /// </summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>A send's last error is kept to this many characters (an entity property holds at most 32K).</summary>
    public const int MaxErrorLength = 1000;

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Checks a commit before anything is written: it is there, and a decision that changes a review (state or
    /// answers) names it. Messages alone may belong to no review (channel replies).
    /// </summary>
    public static void CheckCommit(TurnCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.Decision, nameof(commit));
        if (commit.Decision.ReviewId is null && ChangesReview(commit.Decision))
            throw new ArgumentException("A decision that changes a review must name it.", nameof(commit));
    }

    /// <summary>Whether the decision writes the review itself: a new state, or answers written or removed.</summary>
    public static bool ChangesReview(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.NewState is not null || decision.UpsertAnswers.Count > 0 || decision.DeletedAnswerIds.Count > 0;
    }

    /// <summary>The outbox partition a decision's message queues in: its review, or its channel's replies.</summary>
    public static string PartitionOf(Decision decision, OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(message);
        return decision.ReviewId ?? OutboxItem.ChannelPartition(message.Channel);
    }

    /// <summary>
    /// The order a snapshot's answers come in: step id, question index, sent time, answer id (ids and steps ordinal).
    /// Every store returns this order, so a snapshot reads alike whether it was loaded, kept in memory or built from
    /// rows that come back unsorted.
    /// </summary>
    public static List<Answer> OrderAnswers(IEnumerable<Answer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return
        [
            .. answers.OrderBy(a => a.StepId, StringComparer.Ordinal).ThenBy(a => a.QuestionIndex)
                .ThenBy(a => a.SentAt.UtcTicks).ThenBy(a => a.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// The answers after a turn: those before, less the ones it deleted, with the ones it wrote replacing any of the same
    /// id, in <see cref="OrderAnswers"/> order.
    /// </summary>
    public static List<Answer> ApplyAnswers(IEnumerable<Answer> before, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(decision);
        var replaced = decision.UpsertAnswers.Select(a => a.Id).Concat(decision.DeletedAnswerIds).ToHashSet(StringComparer.Ordinal);
        return OrderAnswers(before.Where(a => !replaced.Contains(a.Id)).Concat(decision.UpsertAnswers));
    }

    /// <summary>
    /// Whether a partition's head may be claimed at <paramref name="now"/>: it is due (no retry time, or that time has
    /// come) and no lease holds it (none, or it expired strictly before now).
    /// </summary>
    public static bool IsClaimable(DateTimeOffset? notBefore, DateTimeOffset? leaseUntil, DateTimeOffset now) =>
        (notBefore is not { } due || due <= now) && (leaseUntil is not { } until || until < now);

    /// <summary>
    /// The messages whose queued updates this turn's messages supersede: the targets of the updates it queues
    /// (<see cref="OutboundMessage.ReplacesKey"/>). The store drops earlier, unsent, unleased updates of these targets in
    /// the same partition (see <see cref="IReviewStore.CommitAsync"/>) — except one with a waiting message queued after
    /// it (a NotBefore: a question in its settle pause, a send's retry). The newer update waits behind that message, and
    /// what the earlier one shows (alice's landing mark) must not wait with it.
    /// </summary>
    public static IReadOnlySet<string> CollapsedTargets(IEnumerable<OutboundMessage> queued)
    {
        ArgumentNullException.ThrowIfNull(queued);
        return queued.Select(m => m.ReplacesKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The error text a store keeps for a failed send: at most <see cref="MaxErrorLength"/> characters, never half a surrogate pair.</summary>
    public static string ErrorText(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Length <= MaxErrorLength)
            return error;
        var length = char.IsHighSurrogate(error[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength;
        return error[..length];
    }
}
