using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests;

/// <summary>
/// An in-memory chat channel around the engine: users send, the engine decides, the bot's messages are
/// "posted" with ids and increasing timestamps, exactly as the dispatcher would record them.
/// Tests read it as a script: send, expect reply.
/// </summary>
internal sealed class ChatSimulator
{
    public static readonly ChannelRef Channel = new("test", "C1");

    private readonly ReviewEngine _engine;
    private readonly Dictionary<string, Answer> _answers = [];
    private readonly Dictionary<string, string> _threadSteps = [];
    private readonly List<OutboundMessage> _held = [];
    private int _ids;

    public ChatSimulator(ReviewTemplate? template = null)
    {
        _engine = new ReviewEngine(template ?? TemplateLoader.Default, new TestLinks());
    }

    public DateTimeOffset Now { get; private set; } = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    public ReviewState? Review { get; private set; }

    /// <summary>Where the bot's messages landed, by key: what the store's snapshot carries beside the state.</summary>
    public Dictionary<string, PostedMessage> Posted { get; } = [];

    /// <summary>The review as the store would hand it to a turn.</summary>
    public ReviewSnapshot? Snapshot => Review is null ? null : new ReviewSnapshot(Review, Answers, Posted, "v");
    public IReadOnlyList<Answer> Answers => [.. _answers.Values.OrderBy(a => a.SentAt)];
    public List<ChatMessage> Messages { get; } = [];
    public ReviewTemplate Template => _engine.Template;
    public List<ReviewListing> ChannelReviews { get; } = [];

    /// <summary>How many turns had to wait for a question's post to be recorded.</summary>
    public int AwaitedPosts { get; private set; }

    /// <summary>While true, the bot's messages are decided but not yet posted (no timestamp), as when the dispatcher lags.</summary>
    public bool HoldPosts { get; set; }

    public ReviewView View => new(Template, Review!, Answers);

    public DateTimeOffset Tick() => Now = Now.AddSeconds(1);

    public Decision Command(string user, string text) =>
        Decide(new CommandEvent(NextId("e"), Channel, User(user), Tick(), text));

    /// <summary>A user's reply in a step's thread; returns the reply's message id.</summary>
    public string Reply(string user, string stepId, string text, DateTimeOffset? sentAt = null)
    {
        var at = sentAt ?? Tick();
        var id = NextId("u");
        Messages.Add(new ChatMessage(id, ThreadOf(stepId), User(user).Name, false, text, null, at));
        Decide(new ThreadReplyEvent(NextId("e"), Channel, User(user), at, ThreadOf(stepId), id, text));
        return id;
    }

    public void Edit(string messageId, string text)
    {
        var original = Messages.Single(m => m.Id == messageId);
        Decide(new ReplyEditedEvent(NextId("e"), Channel, User(original.User), Tick(), original.ThreadId!, messageId, text, original.Ts));
    }

    public void Delete(string messageId)
    {
        var original = Messages.Single(m => m.Id == messageId);
        Decide(new ReplyDeletedEvent(NextId("e"), Channel, User(original.User), Tick(), original.ThreadId!, messageId));
    }

    public void Press(string user, ChatMessage message, string actionId)
    {
        var button = message.Body!.Blocks.OfType<ButtonsBlock>().SelectMany(b => b.Buttons).First(b => b.ActionId == actionId);
        Press(user, message.ThreadId, message.Id, actionId, button.Value);
    }

    /// <summary>A press as the platform reports it, whatever was on screen: forged presses name any message and value.</summary>
    public Decision Press(string user, string? threadId, string messageId, string actionId, string value) =>
        Decide(new ButtonPressedEvent(NextId("e"), Channel, User(user), Tick(), threadId, messageId, actionId, value));

    public Decision Decide(InboundEvent inbound)
    {
        var stepId = inbound switch
        {
            ThreadReplyEvent r => _threadSteps.GetValueOrDefault(r.ThreadId),
            ReplyEditedEvent e => _threadSteps.GetValueOrDefault(e.ThreadId),
            ReplyDeletedEvent d => _threadSteps.GetValueOrDefault(d.ThreadId),
            ButtonPressedEvent b when b.ThreadId is not null => _threadSteps.GetValueOrDefault(b.ThreadId),
            _ => null,
        };
        var review = Snapshot;
        if (inbound is CommandEvent command)
            review = ReviewEngine.TargetReviewId(command, ChannelReviews) is null ? null : review;
        else if (stepId is null && inbound is not ButtonPressedEvent)
            review = null;
        var input = new TurnInput(inbound, Now) { Review = review, StepId = stepId, ChannelReviews = ChannelReviews, NewReviewId = "r1" };
        var decision = _engine.Decide(input);
        if (decision.AwaitsPosts)
        {
            // The turn processor would wait for the post to be recorded; here the posts are held, so the wait times out.
            AwaitedPosts++;
            decision = _engine.Decide(input with { DecideWithoutPendingPosts = true });
        }
        Apply(decision);
        return decision;
    }

    /// <summary>Posts the held messages now, each with a fresh timestamp.</summary>
    public void Flush()
    {
        var held = _held.ToList();
        _held.Clear();
        foreach (var m in held)
            Post(m);
    }

    private void Apply(Decision decision)
    {
        if (decision.NewState is { } state)
        {
            Review = state;
            if (decision.IsNewReview)
                ChannelReviews.Add(new ReviewListing(state.Id, state.Title, state.Owner, state.Status, state.CreatedAt));
            else
                ChannelReviews[ChannelReviews.FindIndex(r => r.Id == state.Id)] = new ReviewListing(state.Id, state.Title, state.Owner, state.Status, state.CreatedAt);
        }
        foreach (var id in decision.DeletedAnswerIds)
            _answers.Remove(id);
        foreach (var answer in decision.UpsertAnswers)
            _answers[answer.Id] = answer;
        foreach (var message in decision.Messages)
        {
            if (HoldPosts && decision.ReviewId is not null)
                _held.Add(message);
            else
                Post(message);
        }
    }

    private void Post(OutboundMessage message)
    {
        if (message.ReplacesKey is { } target)
        {
            var posted = Posted[target];
            var index = Messages.FindIndex(m => m.Id == posted.MessageId);
            Messages[index] = Messages[index] with { Text = message.Body.FallbackText, Body = message.Body, Edited = true };
            return;
        }
        var threadId = message.ThreadRootKey is { } root ? Posted[root].ThreadId : message.ThreadId;
        var id = NextId("b");
        var ts = Tick();
        Messages.Add(new ChatMessage(id, threadId, "DesignBot", true, message.Body.FallbackText, message.Body, ts));
        if (Review is not null && !message.Key.StartsWith("evt:", StringComparison.Ordinal))
            Posted[message.Key] = new(id, threadId ?? id, ts);
        if (message.OpensThreadForStep is { } step)
            _threadSteps[id] = step;
    }

    public string ThreadOf(string stepId) => _threadSteps.First(kv => kv.Value == stepId).Key;

    public bool HasThread(string stepId) => _threadSteps.ContainsValue(stepId);

    public IReadOnlyList<ChatMessage> BotMessagesIn(string stepId) =>
        [.. Messages.Where(m => m.IsBot && m.ThreadId == ThreadOf(stepId))];

    public ChatMessage LastBotMessageIn(string stepId) => BotMessagesIn(stepId)[^1];

    public IReadOnlyList<ChatMessage> ChannelBotMessages => [.. Messages.Where(m => m.IsBot && m.ThreadId is null)];

    /// <summary>All text a message shows (blocks flattened), for assertions.</summary>
    public static string AllText(ChatMessage message) => AllText(message.Body!);

    public static string AllText(NeutralMessage body) => string.Join("\n", body.Blocks.Select(b => b switch
    {
        HeaderBlock h => h.Text,
        TextBlock t => t.Markdown,
        ContextBlock c => c.Text,
        FieldsBlock f => string.Join("\n", f.Fields.Select(x => $"{x.Label}: {x.Value}")),
        ProgressBlock p => ReviewMessages.ProgressLine(p.Items),
        ListBlock l => string.Join("\n", [l.Heading, .. l.Items]),
        TableBlock t => string.Join("\n", t.Rows.Select(r => string.Join(" | ", r))),
        LinksBlock l => string.Join("\n", l.Links.Select(x => $"{x.Text}: {x.Url}")),
        ButtonsBlock buttons => string.Join(" ", buttons.Buttons.Select(x => $"[{x.Text}]")),
        DocumentBlock d => d.Content,
        _ => "",
    }));

    private string NextId(string prefix) => $"{prefix}{++_ids}";

    private static UserRef User(string name) => new($"U-{name}", name);

    private sealed class TestLinks : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new($"https://bot.example/reviews/{reviewId}?sig=x", $"https://bot.example/reviews/{reviewId}.md?sig=x");
    }
}

internal sealed record ChatMessage(string Id, string? ThreadId, string User, bool IsBot, string Text, NeutralMessage? Body, DateTimeOffset Ts, bool Edited = false);
