using DesignBot.Core.Events;

namespace DesignBot.Pipeline.Tests;

/// <summary>A reply whose turn meets a busy store is tried again before the events behind it in its thread.</summary>
public sealed class DeferredTurnTests
{
    [Fact]
    public async Task A_deletion_queued_behind_a_reply_that_met_a_busy_store_still_deletes_it()
    {
        await using var rig = new PipelineRig(turnStore: TransientOnceStore.For("ev-answer"));
        await rig.StartAsync();
        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-start", "start URL shortener"));
        var question = (await rig.Client.WaitForPostsAsync(3)).Last(p => p.ThreadId is not null);
        await rig.InboxDrainedAsync();
        var review = Assert.Single(await rig.Store.ListReviewsAsync(PipelineRig.Channel));

        // The reply's first commit fails; its deletion is already queued behind it in the same thread.
        var reply = PipelineRig.Reply("ev-answer", question.Posted.ThreadId, "So that people can share short links.");
        await rig.Intake.AcceptAsync(reply);
        await rig.Intake.AcceptAsync(new ReplyDeletedEvent("ev-delete", PipelineRig.Channel, PipelineRig.Alice, reply.At.AddSeconds(1), reply.ThreadId, reply.MessageId));
        await rig.InboxDrainedAsync();

        Assert.Empty((await rig.Store.GetReviewAsync(review.Id))!.Answers);
    }
}
