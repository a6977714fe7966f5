using DesignBot.Core.Turns;

namespace DesignBot.Core.Tests.Turns;

public class PostRecordedSignalTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_next_post_completes_when_the_review_records_a_post()
    {
        var signal = new PostRecordedSignal();
        var nextPost = signal.NextPost("r1");
        Assert.False(nextPost.IsCompleted);

        signal.Recorded("r1");

        await nextPost.WaitAsync(s_patience);
        Assert.True(nextPost.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Everyone_waiting_on_the_review_is_woken_by_one_record()
    {
        var signal = new PostRecordedSignal();
        var first = signal.NextPost("r1");
        var second = signal.NextPost("r1");

        signal.Recorded("r1");

        await Task.WhenAll(first, second).WaitAsync(s_patience);
    }

    [Fact]
    public void A_waiter_that_gave_up_leaves_no_entry_and_the_next_waiter_gets_a_fresh_task()
    {
        var signal = new PostRecordedSignal();
        var abandoned = signal.NextPost("r1");

        signal.GaveUp("r1", abandoned);
        var next = signal.NextPost("r1");
        signal.Recorded("r1");

        Assert.NotSame(abandoned, next);
        Assert.False(abandoned.IsCompleted);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public void Giving_up_an_older_task_does_not_drop_the_current_one()
    {
        var signal = new PostRecordedSignal();
        var older = signal.NextPost("r1");
        signal.Recorded("r1");
        var current = signal.NextPost("r1");

        signal.GaveUp("r1", older);
        signal.Recorded("r1");

        Assert.True(current.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_record_with_nobody_waiting_is_not_kept_for_a_later_waiter()
    {
        var signal = new PostRecordedSignal();

        signal.Recorded("r1");
        var nextPost = signal.NextPost("r1");

        Assert.False(nextPost.IsCompleted);
    }

    [Fact]
    public async Task After_a_record_the_next_post_is_a_fresh_wait()
    {
        var signal = new PostRecordedSignal();
        var first = signal.NextPost("r1");
        signal.Recorded("r1");
        await first.WaitAsync(s_patience);

        var second = signal.NextPost("r1");

        Assert.NotSame(first, second);
        Assert.False(second.IsCompleted);
        signal.Recorded("r1");
        await second.WaitAsync(s_patience);
    }

    [Fact]
    public async Task A_record_wakes_only_its_own_review()
    {
        var signal = new PostRecordedSignal();
        var r1 = signal.NextPost("r1");
        var r2 = signal.NextPost("r2");

        signal.Recorded("r1");

        await r1.WaitAsync(s_patience);
        Assert.False(r2.IsCompleted);
        signal.Recorded("r2");
        await r2.WaitAsync(s_patience);
    }

    [Fact]
    public async Task A_waiter_does_not_run_on_the_thread_that_records()
    {
        // The dispatcher records posts; the turn it wakes must not run on (and hold up) the dispatcher's thread.
        var signal = new PostRecordedSignal();
        var nextPost = signal.NextPost("r1");
        var continuationThread = nextPost.ContinueWith(
            _ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var recordingThread = 0;
        var recorder = new Thread(() =>
        {
            recordingThread = Environment.CurrentManagedThreadId;
            signal.Recorded("r1");
        });

        recorder.Start();
        recorder.Join();

        Assert.NotEqual(recordingThread, await continuationThread.WaitAsync(s_patience));
    }
}
