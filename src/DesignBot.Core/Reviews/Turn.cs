using DesignBot.Core.Events;
using DesignBot.Core.Messages;

namespace DesignBot.Core.Reviews;

/// <summary>
/// Everything one decision needs, loaded by the turn processor: the event, the review it concerns
/// (if any), the step whose thread it came from, the channel's reviews (for commands) and the clock.
/// </summary>
public sealed record TurnInput(InboundEvent Event, DateTimeOffset Now)
{
    public ReviewSnapshot? Review { get; init; }
    public string? StepId { get; init; }
    public IReadOnlyList<ReviewListing> ChannelReviews { get; init; } = [];

    /// <summary>The id a review started by this turn gets; passed in so decisions stay deterministic.</summary>
    public string NewReviewId { get; init; } = "";

    /// <summary>
    /// Decide even though the newest question's post is not recorded yet (see <see cref="Decision.AwaitsPosts"/>):
    /// set once waiting has lasted long enough that the question cannot have been seen.
    /// </summary>
    public bool DecideWithoutPendingPosts { get; init; }
}

/// <summary>
/// What a turn changes: the review's new state (null = unchanged), answers written and removed, and the
/// messages to send. The store commits all of it at once; ReviewId null means the messages belong to the channel.
/// </summary>
public sealed record Decision(
    string? ReviewId,
    ReviewState? NewState,
    IReadOnlyList<Answer> UpsertAnswers,
    IReadOnlyList<string> DeletedAnswerIds,
    IReadOnlyList<OutboundMessage> Messages)
{
    public bool IsNewReview { get; init; }

    /// <summary>
    /// Nothing decided yet: a reply came in while the newest question's post was not recorded, so which question
    /// it answers (the timestamp rule) is not known. The caller decides again shortly, once the post is recorded.
    /// </summary>
    public bool AwaitsPosts { get; init; }

    public static Decision ChannelOnly(IReadOnlyList<OutboundMessage> messages) => new(null, null, [], [], messages);
}

/// <summary>Collects one turn's changes to a review while the engine decides; lives only inside Decide.</summary>
internal sealed class TurnBuilder(ReviewState state, IReadOnlyList<Answer> answers, IReadOnlyDictionary<string, PostedMessage>? posted = null)
{
    private readonly Dictionary<string, Answer> _answers = answers.ToDictionary(a => a.Id);
    private readonly Dictionary<string, Answer> _upserts = [];
    private readonly HashSet<string> _deleted = [];
    private readonly List<OutboundMessage> _messages = [];

    public ReviewState State { get; set; } = state;

    /// <summary>Where the review's messages landed when the turn began (posts are recorded by the store, never by a turn).</summary>
    public IReadOnlyDictionary<string, PostedMessage> Posted { get; } = posted ?? ReviewSnapshot.NothingPosted;
    public IReadOnlyList<Answer> Answers => [.. _answers.Values];
    public bool Changed { get; private set; }

    public Answer? FindAnswer(string id) => _answers.GetValueOrDefault(id);

    public void Upsert(Answer answer)
    {
        _answers[answer.Id] = answer;
        _upserts[answer.Id] = answer;
        _deleted.Remove(answer.Id);
        Changed = true;
    }

    public void Delete(string answerId)
    {
        if (!_answers.Remove(answerId))
            return;
        _upserts.Remove(answerId);
        _deleted.Add(answerId);
        Changed = true;
    }

    /// <summary>Posts a message under a fresh key (or the given one) and returns the key.</summary>
    public string Post(NeutralMessage body, string? threadRootKey = null, string? key = null, string? opensThreadForStep = null, string? visibleTo = null, DateTimeOffset? notBefore = null)
    {
        key ??= NextKey();
        _messages.Add(new OutboundMessage(key, State.Channel, body)
        {
            ThreadRootKey = threadRootKey,
            OpensThreadForStep = opensThreadForStep,
            VisibleTo = visibleTo,
            NotBefore = notBefore,
        });
        Changed = true;
        return key;
    }

    /// <summary>Posts a message into a platform thread that is no message of ours (the start command's); returns the key.</summary>
    public string PostInThread(NeutralMessage body, string threadId, string? opensThreadForStep = null)
    {
        var key = NextKey();
        _messages.Add(new OutboundMessage(key, State.Channel, body) { ThreadId = threadId, OpensThreadForStep = opensThreadForStep });
        Changed = true;
        return key;
    }

    public void Update(string targetKey, NeutralMessage body)
    {
        // A second update of the same message in one turn supersedes the first.
        _messages.RemoveAll(m => m.ReplacesKey == targetKey);
        _messages.Add(new OutboundMessage(NextKey(), State.Channel, body) { ReplacesKey = targetKey });
        Changed = true;
    }

    public void MarkChanged() => Changed = true;

    /// <summary>Whether this turn posts the message with this key (rather than it being posted already).</summary>
    public bool PostsInThisTurn(string key) => _messages.Any(m => m.Key == key && m.ReplacesKey is null);

    private string NextKey()
    {
        State = State with { MessageSeq = State.MessageSeq + 1 };
        return $"m{State.MessageSeq}";
    }

    public Decision ToDecision(bool isNew) =>
        new(State.Id, Changed ? State : null, [.. _upserts.Values], [.. _deleted], QueueOrder(_messages)) { IsNewReview = isNew };

    /// <summary>
    /// A turn's messages in the order they queue: new posts first (the next question is what the members wait for), then
    /// in-place updates (the card, landing marks: their place on screen does not depend on when they go, and their targets
    /// were posted before), then a message that waits (the next question in its settle pause), which would otherwise hold
    /// the others for its pause in the review's queue. Posts keep their order among themselves, and so do updates.
    /// </summary>
    public static IReadOnlyList<OutboundMessage> QueueOrder(IEnumerable<OutboundMessage> messages) =>
        [.. messages.OrderBy(m => m.NotBefore is not null ? 2 : m.ReplacesKey is not null ? 1 : 0)];
}
