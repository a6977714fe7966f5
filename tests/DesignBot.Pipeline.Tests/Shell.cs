using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;
using DesignBot.Testing;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// The real turn processor and dispatcher around the in-memory store and a fake platform, on a fake clock.
/// While a dispatch pass runs, the clock moves on to each pacing wait that falls due (a timer within
/// <see cref="OutboxDispatcher.MaxPacedWait"/>), never further: send timeouts and leases expire only when a test moves
/// the clock itself, however slowly the machine runs.
/// </summary>
internal sealed class Shell
{
    public static readonly ChannelRef Channel = new("test", "C1");
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private int _events;

    private readonly PostRecordedSignal? _postRecorded;

    /// <summary>With a signal, turns wait for pending posts as in the host (the dispatcher wakes them); else they decide at once.</summary>
    public Shell(PostRecordedSignal? postRecorded = null, TimeSpan? postWaitLimit = null)
    {
        _postRecorded = postRecorded;
        Client = new FakeChannelClient(Clock);
        Turns = new TurnProcessor(Store, new ReviewEngine(TemplateCatalog.BuiltIn, new TestLinks()), Clock, postRecorded, userNames: new UserNames([Client]))
        {
            PostWaitLimit = postWaitLimit ?? TurnProcessor.DefaultPostWaitLimit,
        };
    }

    public TestClock Clock { get; } = new(T0);
    public InMemoryReviewStore Store { get; } = new();
    public FakeChannelClient Client { get; }
    public TurnProcessor Turns { get; }

    public OutboxDispatcher Dispatcher(string owner = "host-a") => new(Store, [Client], Clock, owner, _postRecorded);

    public Task<Decision> CommandAsync(string text, UserRef? user = null) =>
        Turns.ProcessAsync(new CommandEvent($"e{++_events}", Channel, user ?? new UserRef("U-alice", "alice"), Clock.GetUtcNow(), text));

    public Task<Decision> ReplyAsync(string threadId, string text, UserRef? user = null) =>
        Turns.ProcessAsync(new ThreadReplyEvent($"e{++_events}", Channel, user ?? new UserRef("U-bob", "bob"), Clock.GetUtcNow(), threadId, $"u{_events}", text));

    /// <summary>One dispatch pass of the given dispatcher, with the clock driven forward until it ends.</summary>
    public async Task<IReadOnlyList<DispatchResult>> DispatchAsync(OutboxDispatcher? dispatcher = null) =>
        await DriveAsync((dispatcher ?? Dispatcher()).DispatchOnceAsync());

    /// <summary>Dispatch passes until nothing is due; returns every result.</summary>
    public async Task<List<DispatchResult>> DispatchAllAsync(OutboxDispatcher? dispatcher = null)
    {
        dispatcher ??= Dispatcher();
        var all = new List<DispatchResult>();
        while (await DispatchAsync(dispatcher) is { Count: > 0 } results)
            all.AddRange(results);
        return all;
    }

    /// <summary>Moves the clock on to each pacing wait as it falls due until the task is done (a real-time bound catches a hang).</summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The shell did not finish its work.");
            await Task.Delay(1);
            if (Clock.NextDueWithin(OutboxDispatcher.MaxPacedWait) is { } due && due > Clock.GetUtcNow())
                Clock.SetUtcNow(due);
        }
        return await task;
    }

    /// <summary>Where the bot's step root landed (the step's thread).</summary>
    public string ThreadOf(string stepId) =>
        Client.Posts.Single(p => p.Message.OpensThreadForStep == stepId).MessageId;

    private sealed class TestLinks : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new($"https://bot.example/reviews/{reviewId}", $"https://bot.example/reviews/{reviewId}.md");
    }
}
