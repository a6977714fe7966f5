using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DesignBot.Core.Diagnostics;

namespace DesignBot.Pipeline.Tests;

/// <summary>What an operator sees: one trace per inbound event (intake → turn → each send) and the DesignBot meter.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _spanListener;
    private readonly ConcurrentDictionary<string, double> _sums = new();
    private readonly MeterListener _meterListener = new();

    public TelemetryTests()
    {
        _spanListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DesignBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_spanListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DesignBotTelemetry.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        _meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _meterListener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _meterListener.Start();
    }

    // Sums per instrument and outcome ("designbot.sends/Sent"); gauges keep their last value; histograms count records.
    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name;
        foreach (var tag in tags)
            key += "/" + tag.Value;
        if (instrument is ObservableGauge<int> or ObservableGauge<double>)
            _sums[key] = value;
        else if (instrument is Histogram<double>)
            _sums.AddOrUpdate(key, 1, (_, n) => n + 1);
        else
            _sums.AddOrUpdate(key, value, (_, n) => n + value);
    }

    private double Sum(string key) => _sums.GetValueOrDefault(key);

    [Fact]
    public async Task One_accepted_event_is_one_trace_from_intake_through_its_turn_to_each_send()
    {
        await using var rig = new PipelineRig();
        await rig.StartAsync();

        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-start", "start URL shortener"));
        var posts = await rig.Client.WaitForPostsAsync(2); // the review card and step 1's thread
        await WaitForSpansAsync("designbot.send", posts.Count);

        var intake = Assert.Single(_spans, s => s.OperationName == "designbot.intake" && (string?)s.GetTagItem("designbot.event.id") == "ev-start");
        Assert.Equal(default, intake.ParentSpanId);
        var trace = _spans.Where(s => s.TraceId == intake.TraceId).ToList();
        var turn = Assert.Single(trace, s => s.OperationName == "designbot.turn");
        Assert.Equal(intake.SpanId, turn.ParentSpanId);
        var sends = trace.Where(s => s.OperationName == "designbot.send").ToList();
        Assert.True(sends.Count >= posts.Count, $"{sends.Count} send spans in the event's trace for {posts.Count} posts");
        Assert.All(sends, s => Assert.Equal(turn.SpanId, s.ParentSpanId));
        Assert.All(sends, s => Assert.Equal("Sent", s.GetTagItem("designbot.send.outcome")));
    }

    [Fact]
    public async Task A_reply_continues_its_own_trace_and_records_the_latency_to_the_next_question()
    {
        await using var rig = new PipelineRig();
        await rig.StartAsync();
        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-start", "start URL shortener"));
        var posts = await rig.Client.WaitForPostsAsync(3);
        var question = posts.Last(p => p.ThreadId is not null); // step 1's first question, in the step's thread
        await rig.InboxDrainedAsync();
        var before = posts.Count;

        await rig.Intake.AcceptAsync(PipelineRig.Reply("ev-reply", question.Posted.ThreadId, "So that people can share short links."));
        await rig.Client.WaitForPostsAsync(before + 1);
        await WaitForSpansAsync("designbot.send", 1, eventId: "ev-reply");
        await WaitForSumAsync("designbot.reply.next_message.duration", 1);

        // The reply's first post (the next question) is timed, once.
        Assert.Equal(1, Sum("designbot.reply.next_message.duration"));
        var intake = Assert.Single(_spans, s => s.OperationName == "designbot.intake" && (string?)s.GetTagItem("designbot.event.id") == "ev-reply");
        Assert.Contains(_spans, s => s.TraceId == intake.TraceId && s.OperationName == "designbot.turn");
    }

    [Fact]
    public async Task Counters_move_with_events_duplicates_turns_and_sends()
    {
        await using var rig = new PipelineRig();
        await rig.StartAsync();

        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-a", "start URL shortener"));
        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-a", "start URL shortener")); // a platform retry
        var posts = await rig.Client.WaitForPostsAsync(2);
        await WaitForSpansAsync("designbot.send", posts.Count);

        await WaitForSumAsync("designbot.turns/committed", 1);
        Assert.Equal(1, Sum("designbot.events/accepted"));
        Assert.Equal(1, Sum("designbot.events/duplicate"));
        Assert.Equal(1, Sum("designbot.turns/committed"));
        Assert.True(Sum("designbot.sends/Sent") >= posts.Count);
    }

    [Fact]
    public async Task A_commit_that_loses_the_version_check_counts_a_conflict_and_the_turn_still_commits_once()
    {
        await using var rig = new PipelineRig(turnStore: ConflictOnceStore.Wrap);
        await rig.StartAsync();

        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-c", "start URL shortener"));
        await rig.Client.WaitForPostsAsync(2);
        await rig.InboxDrainedAsync();

        await WaitForSumAsync("designbot.turns/committed", 1);
        Assert.Equal(1, Sum("designbot.turn.conflicts"));
        Assert.Equal(1, Sum("designbot.turns/committed"));
        Assert.Contains(_spans, s => s.OperationName == "designbot.turn" && s.Events.Any(e => e.Name == "conflict"));
    }

    [Fact]
    public async Task The_outbox_gauges_show_what_waits_while_the_outbox_is_held()
    {
        await using var rig = new PipelineRig();
        await rig.StartAsync(outbox: false);
        await rig.Intake.AcceptAsync(PipelineRig.Command("ev-held", "start URL shortener"));
        await rig.InboxDrainedAsync();
        var pending = await rig.Store.CountPendingOutboxAsync();
        Assert.True(pending > 0);

        await rig.Gauges.SampleAsync();
        _meterListener.RecordObservableInstruments();

        Assert.Equal(pending, Sum("designbot.outbox.depth"));
        Assert.True(_sums.ContainsKey("designbot.outbox.oldest_age"));
        Assert.InRange(Sum("designbot.outbox.oldest_age"), 0, 600);

        await rig.StartOutboxAsync();
        await rig.Client.WaitForPostsAsync(pending);
        await rig.OutboxDrainedAsync();
        await rig.Gauges.SampleAsync();
        _meterListener.RecordObservableInstruments();
        Assert.Equal(0, Sum("designbot.outbox.depth"));
        Assert.Equal(0, Sum("designbot.outbox.oldest_age"));
    }

    // The inbox worker counts a turn just after its commit, which others may already act on: wait for the count.
    private async Task WaitForSumAsync(string key, double atLeast)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Sum(key) < atLeast)
            await Task.Delay(10, guard.Token);
    }

    // A send's span stops just after the post lands: wait for it rather than race it.
    private async Task WaitForSpansAsync(string name, int count, string? eventId = null)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var traces = eventId is null
                ? null
                : _spans.Where(s => (string?)s.GetTagItem("designbot.event.id") == eventId).Select(s => s.TraceId).ToHashSet();
            if (_spans.Count(s => s.OperationName == name && (traces is null || traces.Contains(s.TraceId))) >= count)
                return;
            await Task.Delay(10, guard.Token);
        }
    }

    public void Dispose()
    {
        _spanListener.Dispose();
        _meterListener.Dispose();
    }
}
