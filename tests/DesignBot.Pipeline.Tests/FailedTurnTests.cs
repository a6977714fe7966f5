using System.Text.RegularExpressions;
using DesignBot.Core.Events;

namespace DesignBot.Pipeline.Tests;

/// <summary>A turn that fails for good is not swallowed: its author is told, with an error id the log carries too.</summary>
public sealed partial class FailedTurnTests
{
    [GeneratedRegex("error ([0-9a-f]{8})")]
    private static partial Regex ErrorId();

    [Fact]
    public async Task A_reply_whose_turn_fails_gets_a_line_in_its_thread_with_an_error_id_that_the_log_has_too()
    {
        var turns = 0;
        await using var rig = new PipelineRig(newReviewId: _ =>
        {
            Interlocked.Increment(ref turns);
            throw new InvalidOperationException("the engine broke");
        });
        await rig.StartAsync();

        Assert.True((await rig.Intake.AcceptAsync(PipelineRig.Reply("ev-1", threadId: "T9", "we need 10M users"))).Accepted);

        var post = Assert.Single(await rig.Client.WaitForPostsAsync(1));
        Assert.Equal("T9", post.ThreadId);
        Assert.Null(post.Message.VisibleTo);
        Assert.StartsWith("Sorry — I couldn't process that message (error ", post.Message.Body.FallbackText, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored from it: please send it again, or tell your admin.", post.Message.Body.FallbackText, StringComparison.Ordinal);
        var errorId = ErrorId().Match(post.Message.Body.FallbackText).Groups[1].Value;

        var logged = Assert.Single(rig.InboxLog.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains("ev-1", logged.Text, StringComparison.Ordinal);
        Assert.Contains(errorId, logged.Text, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);

        // Processed once: nothing left in the inbox to retry, nothing more sent once the outbox is done, the turn ran once.
        await rig.InboxDrainedAsync();
        Assert.Empty(await rig.Store.PendingInboxAsync(10));
        await rig.OutboxDrainedAsync();
        Assert.Single(rig.Client.Posts);
        Assert.Equal(1, Volatile.Read(ref turns));
    }

    [Fact]
    public async Task A_command_whose_turn_fails_is_answered_in_the_channel_to_its_author()
    {
        await using var rig = new PipelineRig(newReviewId: _ => throw new InvalidOperationException("the engine broke"));
        await rig.StartAsync();

        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-2", "start URL shortener"));

        var post = Assert.Single(await rig.Client.WaitForPostsAsync(1));
        Assert.Null(post.ThreadId);
        Assert.Equal(PipelineRig.Alice.Id, post.Message.VisibleTo);
        Assert.Matches("^Sorry — I couldn't process that command \\(error [0-9a-f]{8}\\)", post.Message.Body.FallbackText);
    }

    [Fact]
    public async Task An_event_accepted_again_after_its_failed_turn_is_not_told_twice()
    {
        await using var rig = new PipelineRig(newReviewId: _ => throw new InvalidOperationException("the engine broke"));
        await rig.StartAsync();
        await rig.Intake.AcceptAsync(PipelineRig.Reply("ev-3", "T1", "hello"));
        await rig.Client.WaitForPostsAsync(1);

        // The platform retries the delivery: a duplicate, acknowledged and dropped.
        Assert.False((await rig.Intake.AcceptAsync(PipelineRig.Reply("ev-3", "T1", "hello"))).Accepted);
        Assert.Empty(await rig.Dispatcher.DispatchOnceAsync());
        Assert.Single(rig.Client.Posts);
    }
}
