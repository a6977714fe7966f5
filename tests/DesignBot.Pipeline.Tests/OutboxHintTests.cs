using DesignBot.Core.Events;
using DesignBot.Core.Messages;

namespace DesignBot.Pipeline.Tests;

/// <summary>The turns' hints alone carry every message to the platform, without the outbox's once-a-second search.</summary>
public sealed class OutboxHintTests
{
    [Fact]
    public async Task Reviews_answered_at_once_get_every_next_question_with_the_full_search_off()
    {
        await using var rig = new PipelineRig();
        await rig.StartAsync(outbox: false);
        // The first search (at start) finds nothing; after it only the turns' hints wake the worker.
        await rig.StartOutboxAsync(fullSearchEvery: TimeSpan.FromHours(1));

        var channels = new[] { "C-ledger", "C-search", "C-chat" }.Select(id => new ChannelRef(RecordingChannelClient.PlatformName, id)).ToList();
        foreach (var channel in channels)
            await rig.Intake.AcceptAsync(new CommandEvent($"ev-start-{channel.Id}", channel, PipelineRig.Alice, DateTimeOffset.UtcNow, "start Design"));

        // In each channel the scope step's questions are answered as soon as they are posted, the three side by side:
        // while a review's messages are being sent, its next turn queues more (a hint for a queue already followed).
        await Task.WhenAll(channels.Select(async channel =>
        {
            var root = (await WaitForAsync(rig, channel, p => p.ThreadId is null && p.Message.Body.FallbackText.StartsWith("Step 1/6", StringComparison.Ordinal), "the first step")).Posted.ThreadId;
            for (var question = 1; question <= 10; question++)
            {
                await WaitForAsync(rig, channel, p => p.ThreadId == root && p.Message.Body.FallbackText.StartsWith($"Q{question}/10", StringComparison.Ordinal), $"Q{question}");
                var id = $"ev-{channel.Id}-{question}";
                await rig.Intake.AcceptAsync(new ThreadReplyEvent(id, channel, PipelineRig.Alice, DateTimeOffset.UtcNow, root, "msg-" + id, $"answer {question}"));
            }
            // The review moved on: the API step's thread was opened and asked its first question.
            await WaitForAsync(rig, channel, p => p.ThreadId is not null && p.ThreadId != root && p.Message.Body.FallbackText.StartsWith("Q1/", StringComparison.Ordinal), "the API step's first question");
        }));
    }

    [Fact]
    public async Task A_reply_committed_just_after_the_sender_found_its_queue_empty_is_still_sent()
    {
        QueueEmptiedStore? hook = null;
        await using var rig = new PipelineRig(dispatchStore: inner =>
        {
            hook = QueueEmptiedStore.Wrap(inner, out var store);
            return store;
        });
        await rig.StartAsync(outbox: false);
        await rig.StartOutboxAsync(fullSearchEvery: TimeSpan.FromHours(1));
        var channel = PipelineRig.Channel;
        string? root = null;
        // When the start's messages are all sent, the answer to Q1 is decided before the sender stops following the
        // review: its hint comes while the review is still followed.
        hook!.OnQueueEmptied = async () =>
        {
            root = rig.Client.Posts.First(p => p.Message.Body.FallbackText.StartsWith("Q1/10", StringComparison.Ordinal)).ThreadId;
            await rig.Intake.AcceptAsync(PipelineRig.Reply("ev-answer", root!, "So that people can share short links."));
            await rig.InboxDrainedAsync();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (rig.Signals.HasQueued)
                await Task.Delay(5, guard.Token);
        };
        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-start", "start URL shortener"));

        await WaitForAsync(rig, channel, p => root is not null && p.ThreadId == root && p.Message.Body.FallbackText.StartsWith("Q2/10", StringComparison.Ordinal), "Q2");
    }

    private static async Task<RecordingChannelClient.Post> WaitForAsync(PipelineRig rig, ChannelRef channel, Func<RecordingChannelClient.Post, bool> match, string what)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!guard.IsCancellationRequested)
        {
            if (rig.Client.Posts.FirstOrDefault(p => p.Message.Channel == channel && match(p)) is { } found)
                return found;
            await Task.Delay(5, CancellationToken.None);
        }
        throw new TimeoutException($"Waited in {channel.Id} for {what}: the hints did not carry it to the platform.");
    }
}
