using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Core.Tests.Storage;

/// <summary>The rules every store applies alike, tested once here instead of in each store.</summary>
public sealed class StoreRulesTests
{
    private static readonly ChannelRef Channel = new("slack", "C1");
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(2)).AddTicks(5_358_979);

    [Fact]
    public void Times_are_written_as_fixed_width_utc_text_exact_to_the_tick()
    {
        var text = StoreRules.ToText(T0);

        Assert.Equal("2026-03-14T07:26:53.5358979Z", text);
        Assert.Equal(T0.UtcTicks, StoreRules.FromText(text).UtcTicks);
        Assert.Equal(TimeSpan.Zero, StoreRules.FromText(text).Offset);
        Assert.Equal("0001-01-01T00:00:00.0000000Z".Length, StoreRules.ToText(DateTimeOffset.MinValue).Length);
    }

    [Fact]
    public void Time_text_sorts_as_the_times_do_whatever_their_offsets()
    {
        DateTimeOffset[] times = [T0.AddDays(1), T0.ToOffset(TimeSpan.FromHours(-8)).AddTicks(1), T0, T0.AddTicks(-1).ToOffset(TimeSpan.FromHours(9)), T0.AddYears(-3)];

        var byText = times.OrderBy(StoreRules.ToText, StringComparer.Ordinal).Select(t => t.UtcTicks);

        Assert.Equal(times.Select(t => t.UtcTicks).Order(), byText);
    }

    [Fact]
    public void Answers_load_by_step_question_sent_time_and_id()
    {
        Answer[] answers =
        [
            Answer("b", "scope", 1, T0), Answer("a", "scope", 1, T0), Answer("c", "scope", 0, T0.AddHours(1)),
            Answer("d", "estimates", 2, T0), Answer("e", "scope", 1, T0.AddTicks(-1).ToOffset(TimeSpan.FromHours(-5))),
        ];

        Assert.Equal(["d", "c", "e", "a", "b"], StoreRules.OrderAnswers(answers).Select(a => a.Id));
    }

    [Fact]
    public void A_turn_replaces_removes_and_adds_answers_by_id()
    {
        Answer[] before = [Answer("a1", "scope", 0, T0), Answer("a2", "scope", 1, T0), Answer("a3", "scope", 2, T0)];
        var edited = Answer("a1", "scope", 0, T0) with { Text = "edited" };
        var decision = new Decision("r1", null, [edited, Answer("a4", "scope", 3, T0)], ["a2"], []);

        var after = StoreRules.ApplyAnswers(before, decision);

        Assert.Equal(["a1", "a3", "a4"], after.Select(a => a.Id));
        Assert.Equal("edited", after[0].Text);
    }

    [Fact]
    public void A_decision_that_changes_a_review_must_name_it_and_messages_alone_need_not()
    {
        var state = State();

        Assert.Throws<ArgumentNullException>(() => StoreRules.CheckCommit(null!));
        Assert.Throws<ArgumentException>(() => StoreRules.CheckCommit(new TurnCommit(new Decision(null, state, [], [], []), null, null)));
        Assert.Throws<ArgumentException>(() => StoreRules.CheckCommit(new TurnCommit(new Decision(null, null, [], ["a1"], []), null, null)));
        StoreRules.CheckCommit(new TurnCommit(Decision.ChannelOnly([Message("evt:E1")]), null, "E1"));
        StoreRules.CheckCommit(new TurnCommit(new Decision("r1", state, [], [], []), "1", null));
        Assert.False(StoreRules.ChangesReview(new Decision("r1", null, [], [], [Message("m1")])));
    }

    [Fact]
    public void Messages_queue_in_their_review_or_else_their_channels_partition()
    {
        Assert.Equal("r1", StoreRules.PartitionOf(new Decision("r1", null, [], [], []), Message("m1")));
        Assert.Equal("channel:slack:C1", StoreRules.PartitionOf(Decision.ChannelOnly([]), Message("evt:E1") with { Channel = Channel with { Address = "T1" } }));
    }

    [Fact]
    public void A_head_is_claimable_once_due_and_once_no_lease_holds_it()
    {
        Assert.True(StoreRules.IsClaimable(null, null, T0));
        Assert.True(StoreRules.IsClaimable(T0, null, T0));
        Assert.False(StoreRules.IsClaimable(T0.AddTicks(1), null, T0));
        Assert.False(StoreRules.IsClaimable(null, T0, T0));
        Assert.True(StoreRules.IsClaimable(null, T0.AddTicks(-1), T0));
    }

    [Fact]
    public void A_turns_updates_name_the_messages_whose_queued_updates_collapse()
    {
        var targets = StoreRules.CollapsedTargets([Message("m1"), Message("m2") with { ReplacesKey = "card" }, Message("m3") with { ReplacesKey = "summary" }]);

        Assert.Equal(["card", "summary"], targets.Order(StringComparer.Ordinal));
        Assert.Empty(StoreRules.CollapsedTargets([Message("m1")]));
    }

    [Fact]
    public void A_long_error_is_cut_without_splitting_a_character()
    {
        var error = new string('x', StoreRules.MaxErrorLength - 1) + "🧨" + "tail";

        var kept = StoreRules.ErrorText(error);

        Assert.Equal(StoreRules.MaxErrorLength - 1, kept.Length);
        Assert.False(char.IsHighSurrogate(kept[^1]));
        Assert.Equal("short", StoreRules.ErrorText("short"));
    }

    private static ReviewState State() =>
        new("r1", "system-design", "URL shortener", new UserRef("U1", "Ada"), Channel, false, ReviewStatus.Active, T0, null,
            [new StepSession("scope", DialogState.New)], 0);

    private static Answer Answer(string id, string stepId, int question, DateTimeOffset sentAt) =>
        new(id, stepId, $"q{question}", question, new UserRef("U2", "Grace"), "x", null, sentAt, null);

    private static OutboundMessage Message(string key) => new(key, Channel, new NeutralMessage(key, []));
}
