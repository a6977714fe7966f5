using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables.Tests;

/// <summary>What the index tests (pending partitions, wake times) build their reviews from.</summary>
internal static class IndexFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    public static readonly ChannelRef Channel = new("slack", "T012AB3C4/C012AB3C4");
    public static readonly UserRef Owner = new("U1", "Ada");

    public static ReviewState NewState(string id) =>
        new(id, "system-design", "URL shortener", Owner, Channel, Parallel: false, ReviewStatus.Active, T0, FinishedAt: null,
            [new StepSession("requirements", DialogState.New)], MessageSeq: 0);

    /// <summary>Creates the review (queuing the messages); returns its version.</summary>
    public static async Task<string> CreateAsync(AzureTablesReviewStore store, ReviewState state, params OutboundMessage[] messages)
    {
        await store.CommitAsync(new TurnCommit(new Decision(state.Id, state, [], [], messages) { IsNewReview = true }, null, null));
        return (await store.GetReviewAsync(state.Id))!.Version;
    }
}

/// <summary>A clock the test sets by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
