using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reminders;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;
using DesignBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DesignBot.Core.Tests;

/// <summary>
/// A chat channel around the real shell: each event goes through the real <see cref="TurnProcessor"/> (routing, load,
/// decide, commit into the in-memory store), then the real <see cref="OutboxDispatcher"/> posts what it queued to a fake
/// platform, which stamps each post one second later than the last. Tests read it as a script: send, expect reply.
/// </summary>
internal sealed class ChatSimulator
{
    public static readonly ChannelRef Channel = new("test", "C1");

    private readonly ReviewEngine _engine;
    private readonly FakeTimeProvider _clock;
    private readonly InMemoryReviewStore _store = new();
    private readonly FakeChannelClient _platform;
    private readonly TurnProcessor _turns;
    private readonly OutboxDispatcher _dispatcher;
    private int _ids;
    private int _reviewsStarted;
    private int _seenSends;
    private string? _reviewId;

    public ChatSimulator(ReviewTemplate? template = null, TimeSpan settle = default, ReminderSettings? reminders = null, DateTimeOffset? start = null)
        : this(template is null ? TemplateCatalog.BuiltIn : new TemplateCatalog([template]), settle, reminders, start)
    {
    }

    /// <summary>A chat whose bot offers these templates (a start names one with `--template`).</summary>
    public ChatSimulator(TemplateCatalog templates, TimeSpan settle = default, ReminderSettings? reminders = null, DateTimeOffset? start = null)
    {
        _clock = new(start ?? new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        _engine = new ReviewEngine(templates, new TestLinks(), settle, reminders);
        _platform = new FakeChannelClient(_clock, Channel.Platform) { PlatformTime = Tick };
        // Posts are dispatched right after each turn, so a turn waits for a pending post only while they are held:
        // then it cannot come, and the turn decides without it at once.
        _turns = new TurnProcessor(_store, _engine, _clock, newReviewId: _ => $"r{_reviewsStarted + 1}") { PostWaitLimit = TimeSpan.Zero };
        _dispatcher = new OutboxDispatcher(_store, [_platform], _clock, "simulator");
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The review the latest turn changed, as the store has it.</summary>
    public ReviewState? Review => Snapshot?.State;

    public IReadOnlyList<Answer> Answers => [.. (Snapshot?.Answers ?? []).OrderBy(a => a.SentAt)];

    /// <summary>The channel as users see it: their messages and the bot's posts, updated in place.</summary>
    public List<ChatMessage> Messages { get; } = [];

    /// <summary>The template of the review the latest turn changed; before any, the one a start without `--template` uses.</summary>
    public ReviewTemplate Template => Review is { } review ? _engine.Templates.Find(review.TemplateId)! : _engine.Templates.Default;

    public IReadOnlyList<ReviewListing> ChannelReviews => Run(() => _store.ListReviewsAsync(Channel));

    /// <summary>While true, the bot's messages are decided and queued but not posted (no timestamp), as when the dispatcher lags.</summary>
    public bool HoldPosts { get; set; }

    public ReviewView View => new(Template, Review!, Answers);

    /// <summary>Lets time pass without anyone typing, then sends what became due (a question after its settle pause).</summary>
    public void Wait(TimeSpan time)
    {
        _clock.Advance(time);
        if (!HoldPosts)
            Flush();
    }

    /// <summary>Moves the clock on to <paramref name="at"/> (never back) without anyone typing.</summary>
    public void SetNow(DateTimeOffset at) => _clock.SetUtcNow(at);

    /// <summary>A wake-up of the latest review at <paramref name="at"/>, as the pipeline's wake worker feeds it (at NextWakeAt, or at any time).</summary>
    /// <paramref name="clockAt"/> is the deciding host's clock when it is not the wake time (a host whose clock runs behind).
    public Decision WakeAt(DateTimeOffset at, DateTimeOffset? clockAt = null)
    {
        _clock.SetUtcNow(clockAt ?? at);
        return Decide(WakeEvent.For(_reviewId!, Channel, at));
    }

    public DateTimeOffset Tick()
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return _clock.GetUtcNow();
    }

    public Decision Command(string user, string text) =>
        Decide(new CommandEvent(NextId("e"), Channel, User(user), Tick(), text));

    /// <summary>
    /// A command typed as a message (an @mention, a playground message), in the channel or in a thread: it carries its
    /// message id and thread. Returns the message's id.
    /// </summary>
    public string TypeCommand(string user, string text, string? threadId = null)
    {
        var at = Tick();
        var id = NextId("u");
        Messages.Add(new ChatMessage(id, threadId, User(user).Name, false, text, null, at));
        LastDecision = Decide(new CommandEvent(NextId("e"), Channel, User(user), at, text) { MessageId = id, ThreadId = threadId });
        return id;
    }

    public Decision? LastDecision { get; private set; }

    /// <summary>A user's reply in any thread (a review card's, a command's); returns the reply's message id.</summary>
    public string ReplyInThread(string user, string threadId, string text)
    {
        var at = Tick();
        var id = NextId("u");
        Messages.Add(new ChatMessage(id, threadId, User(user).Name, false, text, null, at));
        LastDecision = Decide(new ThreadReplyEvent(NextId("e"), Channel, User(user), at, threadId, id, text));
        return id;
    }

    /// <summary>The review card of the latest review: where it landed (its thread is its id).</summary>
    public string CardThread => _platform.Posts.Last(p => p.Message.Key == ReviewState.CardKey).MessageId;

    /// <summary>The bot's messages in a thread, as the platform shows them.</summary>
    public IReadOnlyList<ChatMessage> BotMessagesInThread(string threadId) => [.. Messages.Where(m => m.IsBot && m.ThreadId == threadId)];

    /// <summary>Every send the platform saw (posts and in-place updates), for counting copies.</summary>
    public IReadOnlyList<FakeSend> Sends => _platform.Sends;

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

    /// <summary>One event through the pipeline: accepted into the inbox, processed by the turn processor, its messages sent.</summary>
    public Decision Decide(InboundEvent inbound)
    {
        var decision = Run(async () =>
        {
            await _store.AcceptAsync(inbound, Now);
            return await _turns.ProcessAsync(inbound);
        });
        if (decision.IsNewReview)
            _reviewsStarted++;
        if (decision.NewState is not null)
            _reviewId = decision.ReviewId;
        if (!HoldPosts)
            Flush();
        return decision;
    }

    /// <summary>Sends everything queued now, each post with a fresh timestamp.</summary>
    public void Flush()
    {
        Run(async () =>
        {
            while ((await _dispatcher.DispatchOnceAsync()).Count > 0)
            {
            }
            return true;
        });
        var sends = _platform.Sends;
        foreach (var send in sends.Skip(_seenSends))
            Show(send);
        _seenSends = sends.Count;
    }

    private void Show(FakeSend send)
    {
        if (send.Kind == FakeSendKind.Update)
        {
            var index = Messages.FindIndex(m => m.Id == send.MessageId);
            Messages[index] = Messages[index] with { Text = send.Message.Body.FallbackText, Body = send.Message.Body, Edited = true };
            return;
        }
        Messages.Add(new ChatMessage(send.MessageId, send.ThreadId, "DesignBot", true, send.Message.Body.FallbackText, send.Message.Body, send.At) { VisibleTo = send.Message.VisibleTo });
    }

    /// <summary>The thread of a step: where the root that opened it landed (the latest review's, if several).</summary>
    public string ThreadOf(string stepId) => _platform.Posts.Last(p => p.Message.OpensThreadForStep == stepId).MessageId;

    public bool HasThread(string stepId) => _platform.Posts.Any(p => p.Message.OpensThreadForStep == stepId);

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
        MentionsBlock m => string.Join(" ", [m.Text, .. m.People.Select(p => $"@{p.Display}")]),
        _ => "",
    }));

    /// <summary>The review as the store hands it to a turn.</summary>
    public ReviewSnapshot? Snapshot => _reviewId is null ? null : Run(() => _store.GetReviewAsync(_reviewId));

    // The shell is async; the scripts read top to bottom. Off the test's context, so no continuation waits for it.
    private static T Run<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();

    private string NextId(string prefix) => $"{prefix}{++_ids}";

    private static UserRef User(string name) => new($"U-{name}", name);

    internal sealed class TestLinks : IReviewLinks
    {
        public ReviewLinks For(string reviewId) =>
            new($"https://bot.example/reviews/{reviewId}?sig=x", $"https://bot.example/reviews/{reviewId}.md?sig=x") { DecisionRecords = $"https://bot.example/reviews/{reviewId}.adr.md?sig=x" };
    }
}

internal sealed record ChatMessage(string Id, string? ThreadId, string User, bool IsBot, string Text, NeutralMessage? Body, DateTimeOffset Ts, bool Edited = false)
{
    /// <summary>The only member who sees it (an ephemeral message); null when the whole channel does.</summary>
    public string? VisibleTo { get; init; }
}
