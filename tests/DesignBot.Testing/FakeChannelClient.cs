using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;

namespace DesignBot.Testing;

/// <summary>What the fake platform saw: a post (with the id it answered) or an update of an earlier post.</summary>
public sealed record FakeSend(FakeSendKind Kind, ChannelRef Channel, string? ThreadId, OutboundMessage Message, string? IdempotencyKey, string MessageId, DateTimeOffset At);

public enum FakeSendKind { Post, Update }

/// <summary>
/// A scriptable chat platform for shell tests: it records every post and update with the clock's time, answers with
/// ids of its own, and can be told to fail, throttle (Retry-After), hang until the send times out (before or after
/// the message landed), or block on a gate. Lookups by idempotency key find what it recorded.
/// </summary>
public sealed class FakeChannelClient(TimeProvider clock, string platform = "test") : IChannelClient
{
    private readonly Lock _lock = new();
    private readonly List<FakeSend> _sends = [];
    private readonly Queue<Func<OutboundMessage, FakeFault?>> _script = new();
    private readonly Dictionary<string, string> _userNames = [];
    private readonly List<string> _calls = [];
    private int _ids;

    public string Platform { get; } = platform;

    public PacingPolicy Pacing { get; set; } = PacingPolicy.Unlimited;

    /// <summary>The platform's timestamp for a new post; by default the clock's time.</summary>
    public Func<DateTimeOffset>? PlatformTime { get; set; }

    /// <summary>Every post and update that reached the platform, in order.</summary>
    public IReadOnlyList<FakeSend> Sends
    {
        get
        {
            lock (_lock)
                return [.. _sends];
        }
    }

    public IReadOnlyList<FakeSend> Posts => [.. Sends.Where(s => s.Kind == FakeSendKind.Post)];

    /// <summary>How many times a post or update of this message was tried, failed ones included.</summary>
    public int Tries(string messageKey)
    {
        lock (_lock)
            return _calls.Count(k => k == messageKey);
    }

    /// <summary>How often the dispatcher looked for an earlier post by its key.</summary>
    public int Lookups { get; private set; }

    /// <summary>Names <see cref="ResolveUserNameAsync"/> knows; an id missing here resolves to null.</summary>
    public void KnowsUser(string userId, string name)
    {
        lock (_lock)
            _userNames[userId] = name;
    }

    /// <summary>Users whose names were looked up, in order.</summary>
    public List<string> NameLookups { get; } = [];

    /// <summary>When set, name lookups throw this (the platform is down).</summary>
    public Exception? NameLookupFailure { get; set; }

    /// <summary>The next sends (posts and updates, in order) meet these faults; null lets one through.</summary>
    public FakeChannelClient Then(params FakeFault?[] faults)
    {
        lock (_lock)
        {
            foreach (var fault in faults)
                _script.Enqueue(_ => fault);
        }
        return this;
    }

    /// <summary>Decides the fault of every send once the scripted ones are used up (null: it goes through).</summary>
    public Func<OutboundMessage, FakeFault?>? Always { get; set; }

    public async Task<PostedMessage> PostAsync(ChannelRef channel, string? threadId, OutboundMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var fault = NextFault(message);
        await BeforeAsync(fault, cancellationToken);
        FakeSend send;
        lock (_lock)
        {
            var id = $"P{++_ids}";
            send = new FakeSend(FakeSendKind.Post, channel, threadId, message, idempotencyKey, id, PlatformTime?.Invoke() ?? clock.GetUtcNow());
            _sends.Add(send);
        }
        await AfterAsync(fault, cancellationToken);
        return Landed(send);
    }

    public async Task UpdateAsync(ChannelRef channel, PostedMessage target, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var fault = NextFault(message);
        await BeforeAsync(fault, cancellationToken);
        lock (_lock)
            _sends.Add(new FakeSend(FakeSendKind.Update, channel, target.ThreadId, message, null, target.MessageId, clock.GetUtcNow()));
        await AfterAsync(fault, cancellationToken);
    }

    public Task<PostedMessage?> FindPostedAsync(ChannelRef channel, string? threadId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Lookups++;
            var found = _sends.FirstOrDefault(s => s.Kind == FakeSendKind.Post && s.IdempotencyKey == idempotencyKey);
            return Task.FromResult(found is null ? null : Landed(found));
        }
    }

    public Task<string?> ResolveUserNameAsync(ChannelRef channel, string userId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            NameLookups.Add(userId);
            if (NameLookupFailure is { } failure)
                throw failure;
            return Task.FromResult(_userNames.GetValueOrDefault(userId));
        }
    }

    /// <summary>When set, link lookups throw this (the platform is down); LinkToNull makes them answer no link.</summary>
    public Exception? LinkFailure { get; set; }

    public bool LinkToNull { get; set; }

    /// <summary>The messages links were asked for, in order.</summary>
    public List<PostedMessage> LinkLookups { get; } = [];

    /// <summary>The fake platform's link to a posted message: its thread and its id.</summary>
    public static string LinkOf(PostedMessage message) => $"https://fake.example/threads/{message.ThreadId}/{message.MessageId}";

    public Task<string?> LinkToAsync(ChannelRef channel, PostedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            LinkLookups.Add(message);
            if (LinkFailure is { } failure)
                throw failure;
            return Task.FromResult(LinkToNull ? null : LinkOf(message));
        }
    }

    private static PostedMessage Landed(FakeSend send) => new(send.MessageId, send.ThreadId ?? send.MessageId, send.At, $"fake:{send.MessageId}");

    private FakeFault? NextFault(OutboundMessage message)
    {
        lock (_lock)
        {
            _calls.Add(message.Key);
            return _script.TryDequeue(out var next) ? next(message) : Always?.Invoke(message);
        }
    }

    // Faults that strike before the platform took the message: it is not posted.
    private static async Task BeforeAsync(FakeFault? fault, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case FakeFault.Fail f:
                throw new ChannelSendException(f.Error, f.Transient, f.RetryAfter);
            case FakeFault.Hang { AfterLanding: false } h:
                await h.WaitAsync(cancellationToken);
                break;
            case FakeFault.Gate { AfterLanding: false } g:
                await g.WaitAsync();
                break;
        }
    }

    // Faults that strike after the platform took the message: it is posted, but the caller may never learn it.
    private static async Task AfterAsync(FakeFault? fault, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case FakeFault.Hang { AfterLanding: true } h:
                await h.WaitAsync(cancellationToken);
                break;
            case FakeFault.Gate { AfterLanding: true } g:
                await g.WaitAsync();
                break;
            case FakeFault.Drop d:
                throw new IOException(d.Error);
        }
    }
}

/// <summary>What a scripted send meets.</summary>
public abstract record FakeFault
{
    /// <summary>The platform refused it (not posted): a ChannelSendException.</summary>
    public sealed record Fail(string Error, bool Transient = true, TimeSpan? RetryAfter = null) : FakeFault;

    /// <summary>No answer until the caller gives up; with AfterLanding the message was posted first.</summary>
    public sealed record Hang(bool AfterLanding) : FakeFault
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a send hangs here.</summary>
        public Task Reached => _reached.Task;

        internal Task WaitAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>The connection broke after the message landed (an IOException): posted, but nobody was told.</summary>
    public sealed record Drop(string Error = "connection reset") : FakeFault;

    /// <summary>
    /// Waits until <see cref="Open"/>, deaf to cancellation (a host that froze mid-send); with AfterLanding the message
    /// is recorded first.
    /// </summary>
    public sealed record Gate(bool AfterLanding) : FakeFault
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a send is waiting at the gate.</summary>
        public Task Reached => _reached.Task;

        public void Open() => _open.TrySetResult();

        internal Task WaitAsync()
        {
            _reached.TrySetResult();
            return _open.Task;
        }
    }

    public static FakeFault Busy(string error = "server busy", TimeSpan? retryAfter = null) => new Fail(error, true, retryAfter);
}
