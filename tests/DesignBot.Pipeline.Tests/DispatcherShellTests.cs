using DesignBot.Core.Reviews;
using DesignBot.Core.Turns;
using DesignBot.Testing;

namespace DesignBot.Pipeline.Tests;

/// <summary>
/// The shell under test: the real turn processor and outbox dispatcher, the in-memory store and a scripted platform.
/// A review start queues its card, the first step's root and the first question.
/// </summary>
public sealed class DispatcherShellTests
{
    private static bool IsCard(FakeSend s) => s.Message.Key == ReviewState.CardKey;

    [Fact]
    public async Task A_transient_failure_is_retried_after_its_backoff_and_everything_is_posted_once()
    {
        var shell = new Shell();
        shell.Client.Then(FakeFault.Busy());
        await shell.CommandAsync("start Payments");

        var first = Assert.Single(await shell.Dispatcher().DispatchOnceAsync());
        Assert.Equal(DispatchOutcome.Retrying, first.Outcome);
        Assert.Empty(shell.Client.Sends);
        Assert.Empty(await shell.Dispatcher().DispatchOnceAsync()); // not due before its backoff

        shell.Clock.Advance(OutboxDispatcher.Backoff(0));
        await shell.DispatchAllAsync();

        Assert.Equal(2, shell.Client.Tries(ReviewState.CardKey));
        Assert.Single(shell.Client.Posts, IsCard);
        Assert.Equal(3, shell.Client.Posts.Count);
        Assert.Contains("Q1/10", shell.Client.Posts[^1].Message.Body.FallbackText);
        Assert.Equal(0, await shell.Store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task Retry_after_is_honoured_the_next_attempt_comes_no_sooner()
    {
        var shell = new Shell();
        var retryAfter = TimeSpan.FromSeconds(30);
        shell.Client.Then(FakeFault.Busy("rate_limited", retryAfter));
        await shell.CommandAsync("start Payments");

        Assert.Equal(DispatchOutcome.Retrying, Assert.Single(await shell.Dispatcher().DispatchOnceAsync()).Outcome);
        shell.Clock.Advance(retryAfter - TimeSpan.FromSeconds(1));
        Assert.Empty(await shell.Dispatcher().DispatchOnceAsync());
        Assert.Empty(shell.Client.Sends);

        shell.Clock.Advance(TimeSpan.FromSeconds(1));
        await shell.DispatchAllAsync();

        Assert.True(shell.Client.Posts.Single(IsCard).At >= Shell.T0 + retryAfter);
        Assert.Equal(3, shell.Client.Posts.Count);
    }

    [Fact]
    public async Task A_post_that_fails_for_good_gives_up_after_the_last_attempt_and_the_thread_is_told()
    {
        var shell = new Shell();
        shell.Client.Always = m => m.Body.FallbackText.Contains("Q1/10", StringComparison.Ordinal) ? FakeFault.Busy("server busy") : null;
        await shell.CommandAsync("start Payments");

        var results = new List<DispatchResult>();
        while (!results.Any(r => r.Outcome == DispatchOutcome.GaveUp))
        {
            results.AddRange(await shell.DispatchAsync());
            shell.Clock.Advance(TimeSpan.FromMinutes(5));
        }
        await shell.DispatchAllAsync();

        var gaveUp = results.Single(r => r.Outcome == DispatchOutcome.GaveUp);
        Assert.Contains("Q1/10", gaveUp.Item.Message.Body.FallbackText);
        Assert.Equal(OutboxDispatcher.MaxAttempts, shell.Client.Tries(gaveUp.Item.Message.Key));
        var notice = Assert.Single(shell.Client.Posts, p => p.Message.Body.FallbackText.StartsWith("I couldn't post", StringComparison.Ordinal));
        Assert.Equal($"I couldn't post a message here after {OutboxDispatcher.MaxAttempts} attempts (error: server busy).", notice.Message.Body.FallbackText);
        Assert.Equal(shell.ThreadOf("scope"), notice.ThreadId);
        Assert.Equal(0, await shell.Store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task An_update_refused_for_good_gives_up_quietly_and_the_review_goes_on()
    {
        var shell = new Shell();
        await shell.CommandAsync("start Payments");
        await shell.DispatchAllAsync();
        shell.Client.Always = m => m.ReplacesKey is not null ? new FakeFault.Fail("message_not_found", Transient: false) : null;

        await shell.ReplyAsync(shell.ThreadOf("scope"), "Merchants asked for it");
        var results = await shell.DispatchAllAsync();

        Assert.Contains(results, r => r.Outcome == DispatchOutcome.GaveUp && r.Item.Message.ReplacesKey == ReviewState.CardKey);
        Assert.DoesNotContain(shell.Client.Posts, p => p.Message.Body.FallbackText.StartsWith("I couldn't post", StringComparison.Ordinal));
        Assert.Contains("Q2/10", shell.Client.Posts[^1].Message.Body.FallbackText);
    }

    [Fact]
    public async Task A_send_that_outlives_its_lease_is_not_posted_twice_by_the_owner_that_took_it_over()
    {
        var shell = new Shell();
        await shell.CommandAsync("help");
        var frozen = new FakeFault.Gate(AfterLanding: true);
        shell.Client.Then(frozen);
        var a = shell.Dispatcher("host-a");
        var claimed = Assert.Single(await a.ClaimAsync(10));
        var sending = a.SendAsync(claimed);
        await frozen.Reached;

        // Host A froze mid-send (the platform took the message); its lease runs out and host B takes the message over.
        shell.Clock.Advance(OutboxDispatcher.Lease + TimeSpan.FromSeconds(1));
        var takenOver = Assert.Single(await shell.Dispatcher("host-b").DispatchOnceAsync());
        frozen.Open();
        var late = await sending;

        Assert.Equal(DispatchOutcome.Sent, takenOver.Outcome);
        Assert.Equal(DispatchOutcome.LeaseLost, late.Outcome);
        Assert.Single(shell.Client.Posts);
        Assert.Equal(1, shell.Client.Lookups);
        Assert.Equal(0, await shell.Store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task A_send_that_times_out_after_landing_is_found_by_its_key_and_not_posted_again()
    {
        var shell = new Shell();
        var hang = new FakeFault.Hang(AfterLanding: true);
        shell.Client.Then(hang);
        await shell.CommandAsync("start Payments");

        var dispatching = shell.Dispatcher().DispatchOnceAsync();
        await hang.Reached;
        shell.Clock.Advance(OutboxDispatcher.SendTimeout);
        var timedOut = Assert.Single(await dispatching);
        Assert.Equal(DispatchOutcome.Retrying, timedOut.Outcome);
        Assert.Contains("did not answer", timedOut.Error);

        shell.Clock.Advance(TimeSpan.FromSeconds(2));
        await shell.DispatchAllAsync();

        Assert.Equal(1, shell.Client.Lookups);
        Assert.Single(shell.Client.Posts, IsCard);
        // The card's later messages found its thread and position: the review went on as if nothing happened.
        Assert.Equal(3, shell.Client.Posts.Count);
        Assert.NotNull(await shell.Store.FindPostedAsync(timedOut.Item.ReviewId!, ReviewState.CardKey));
    }

    [Fact]
    public async Task A_send_that_times_out_before_landing_is_looked_up_then_posted()
    {
        var shell = new Shell();
        var hang = new FakeFault.Hang(AfterLanding: false);
        shell.Client.Then(hang);
        await shell.CommandAsync("start Payments");

        var dispatching = shell.Dispatcher().DispatchOnceAsync();
        await hang.Reached;
        shell.Clock.Advance(OutboxDispatcher.SendTimeout);
        Assert.Equal(DispatchOutcome.Retrying, Assert.Single(await dispatching).Outcome);
        Assert.Empty(shell.Client.Sends);
        shell.Clock.Advance(TimeSpan.FromSeconds(2));
        await shell.DispatchAllAsync();

        Assert.Equal(1, shell.Client.Lookups);
        Assert.Single(shell.Client.Posts, IsCard);
        Assert.Equal(3, shell.Client.Posts.Count);
    }

    [Fact]
    public async Task A_send_cut_off_mid_flight_has_an_unknown_outcome_and_is_looked_up_before_it_is_repeated()
    {
        var shell = new Shell();
        shell.Client.Then(new FakeFault.Drop());
        await shell.CommandAsync("start Payments");

        Assert.Equal(DispatchOutcome.Retrying, Assert.Single(await shell.DispatchAsync()).Outcome);
        Assert.Single(shell.Client.Posts); // it did land
        shell.Clock.Advance(TimeSpan.FromSeconds(2));
        await shell.DispatchAllAsync();

        Assert.Equal(1, shell.Client.Lookups);
        Assert.Single(shell.Client.Posts, IsCard);
        Assert.Equal(3, shell.Client.Posts.Count);
    }

    [Fact]
    public async Task A_send_a_crash_cut_off_is_looked_up_when_the_restarted_host_takes_its_claims_back()
    {
        var shell = new Shell();
        await shell.CommandAsync("start Payments");
        var crashed = shell.Dispatcher("host-a");
        var claimed = Assert.Single(await crashed.ClaimAsync(10));
        // The crash came after the platform took the card and before the send was recorded.
        await shell.Client.PostAsync(claimed.Message.Channel, null, claimed.Message, claimed.IdempotencyKey);

        await shell.Store.ReleaseLeasesAsync("host-a");
        await shell.DispatchAllAsync(shell.Dispatcher("host-a"));

        Assert.Equal(1, shell.Client.Lookups);
        Assert.Single(shell.Client.Posts, IsCard);
        Assert.Equal(3, shell.Client.Posts.Count);
    }

    [Fact]
    public async Task Sends_to_one_conversation_are_spaced_by_the_clients_policy_on_the_clock()
    {
        var shell = new Shell();
        var perSecond = new Rate(1, TimeSpan.FromSeconds(1));
        // Slack-like: one message a second per channel, thread replies included.
        shell.Client.Pacing = new PacingPolicy(perSecond, null) { ConversationOf = (channel, _) => channel.Key };
        await shell.CommandAsync("start Payments");

        var results = await shell.DispatchAllAsync();

        Assert.All(results, r => Assert.Equal(DispatchOutcome.Sent, r.Outcome));
        var times = shell.Client.Posts.Select(p => p.At).ToList();
        Assert.Equal(3, times.Count);
        for (var i = 1; i < times.Count; i++)
            Assert.True(times[i] - times[i - 1] >= perSecond.Per, $"post {i} came {(times[i] - times[i - 1]).TotalMilliseconds} ms after the one before");
    }

    [Fact]
    public async Task A_paced_wait_longer_than_allowed_gives_the_message_back_until_its_slot_instead_of_holding_the_lease()
    {
        var shell = new Shell();
        var slow = new Rate(1, TimeSpan.FromMinutes(1));
        shell.Client.Pacing = new PacingPolicy(slow, null) { ConversationOf = (channel, _) => channel.Key };
        await shell.CommandAsync("start Payments");

        var results = await shell.DispatchAsync();

        Assert.Equal([DispatchOutcome.Sent, DispatchOutcome.Paced], results.Select(r => r.Outcome));
        Assert.Single(shell.Client.Posts);
        // Given back, not leased: nothing is claimable until the slot, and then any host may take it.
        Assert.Empty(await shell.Dispatcher("host-b").DispatchOnceAsync());
        shell.Clock.Advance(slow.Per);
        // Waiting for the rate limit is not a failed attempt: a message paced many times never nears its give-up.
        var back = Assert.Single(await shell.Store.ClaimOutboxAsync("host-b", OutboxDispatcher.Lease, 10, shell.Clock.GetUtcNow()));
        Assert.Equal(0, back.Attempts);
        Assert.Equal(DispatchOutcome.Sent, (await shell.Dispatcher("host-b").SendAsync(back)).Outcome);
        Assert.Equal(2, shell.Client.Posts.Count);
        Assert.True(shell.Client.Posts[1].At - shell.Client.Posts[0].At >= slow.Per);
    }

    [Fact]
    public async Task Card_updates_queued_while_the_outbox_is_held_reach_the_platform_as_one_update_with_the_latest_content()
    {
        var shell = new Shell();
        await shell.CommandAsync("start Payments");
        await shell.DispatchAllAsync();
        var thread = shell.ThreadOf("scope");

        // Three answers aimed at questions 3 to 5, each a turn that updates the card; nothing is sent meanwhile.
        await shell.ReplyAsync(thread, "q3: pay by card");
        await shell.ReplyAsync(thread, "q4: see their receipts");
        await shell.ReplyAsync(thread, "q5: amounts and currencies");
        await shell.DispatchAllAsync();

        var update = Assert.Single(shell.Client.Sends, s => s.Kind == FakeSendKind.Update);
        Assert.Equal(shell.Client.Posts.Single(IsCard).MessageId, update.MessageId);
        Assert.Contains("Scope 3/10", Text(update));
    }

    [Fact]
    public async Task A_reply_sent_after_a_question_landed_but_before_its_post_was_recorded_waits_and_answers_that_question()
    {
        var shell = new Shell(new PostRecordedSignal(), postWaitLimit: TimeSpan.FromSeconds(30));
        await shell.CommandAsync("start Payments");
        await shell.DispatchAllAsync();
        var thread = shell.ThreadOf("scope");
        await shell.ReplyAsync(thread, "Merchants asked for it");
        var slowRecord = new FakeFault.Gate(AfterLanding: true);
        shell.Client.Then(slowRecord, null);
        var dispatching = shell.Dispatcher().DispatchOnceAsync();
        await slowRecord.Reached; // Q2 is on screen; its post is not recorded yet

        shell.Clock.Advance(TimeSpan.FromSeconds(1));
        var reply = shell.ReplyAsync(thread, "Marketers");
        await Task.Delay(200);
        Assert.False(reply.IsCompleted); // it waits for the record instead of guessing
        slowRecord.Open();
        await dispatching;
        await reply;

        var answers = (await shell.Store.GetReviewAsync(TurnProcessorIds.First))!.Answers;
        Assert.Equal(1, answers.Single(a => a.Text == "Marketers").QuestionIndex);
    }

    private static string Text(FakeSend send) => string.Join("\n", send.Message.Body.Blocks.Select(b => b switch
    {
        Core.Messages.ProgressBlock p => Core.Messages.ReviewMessages.ProgressLine(p.Items),
        Core.Messages.TextBlock t => t.Markdown,
        _ => "",
    }));
}
