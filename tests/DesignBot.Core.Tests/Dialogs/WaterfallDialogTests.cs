using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Json;
using DesignBot.Core.Reviews;
using DesignBot.Core.Sizing;

namespace DesignBot.Core.Tests.Dialogs;

public class WaterfallDialogTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static WaterfallDialog Dialog() => new("d",
    [
        new TextPrompt("name", "What is it called?", null),
        new NumberPrompt("users", "How many users?", null, QuantityKind.Count),
        new ChoicePrompt("kind", "Push or pull?", null, ["push", "pull"]),
        new ConfirmPrompt("ok", "Ready?", null),
    ]);

    /// <summary>Every ask is posted one second after the previous one; nothing is answered unless listed.</summary>
    private static DialogContext Context(DialogState state, params int[] answered) => new(
        key => state.Asks.ToList().FindIndex(a => a.MessageKey == key) is var i and >= 0 ? s_t0.AddSeconds(i) : null,
        q => answered.Contains(q));

    [Fact]
    public void Begin_asks_the_first_question_once()
    {
        var turn = Dialog().Begin(DialogState.New);
        Assert.Equal(DialogStatus.Active, turn.State.Status);
        Assert.Equal(new AskQuestion(0, "d:ask1", null), Assert.Single(turn.Actions));
        Assert.Empty(Dialog().Begin(turn.State).Actions);
    }

    [Fact]
    public void A_valid_reply_is_recognized_and_moves_to_the_next_question()
    {
        var dialog = Dialog();
        var state = dialog.Begin(DialogState.New).State;
        var turn = dialog.Reply(state, "Shorty", s_t0.AddSeconds(0.5), null, Context(state));
        Assert.Equal(0, turn.Question);
        Assert.Equal("Shorty", turn.Answer!.Text);
        Assert.Equal(new AskQuestion(1, "d:ask2", null), Assert.Single(turn.Actions));
    }

    [Fact]
    public void An_unreadable_number_says_what_was_not_read_and_moves_on()
    {
        var dialog = Dialog();
        var state = dialog.Begin(DialogState.New).State with { Index = 1 };
        var turn = dialog.Reply(state, "lots", s_t0.AddSeconds(5), 1, Context(state, 0));
        Assert.False(turn.Answer!.Succeeded);
        var note = Assert.IsType<DialogNote>(turn.Actions[0]);
        Assert.StartsWith("I couldn't read a number from \"lots\"", note.Text);
        Assert.EndsWith($"give the value as `q2: {dialog.Prompts[1].Example}`.", note.Text);
        Assert.Equal(new AskQuestion(2, "d:ask2", null), turn.Actions[1]);
        Assert.Equal(2, turn.State.Index);
    }

    [Fact]
    public void After_an_answer_the_next_question_waits_out_the_settle_pause_but_not_after_a_skip()
    {
        var dialog = Dialog();
        var state = dialog.Begin(DialogState.New).State;
        var settleUntil = s_t0.AddSeconds(3);
        var context = Context(state) with { SettleUntil = settleUntil };

        var answered = dialog.Reply(state, "Shorty", s_t0.AddSeconds(0.5), null, context);
        Assert.Equal(settleUntil, Assert.IsType<AskQuestion>(Assert.Single(answered.Actions)).NotBefore);
        Assert.Equal(settleUntil, answered.State.Asks[^1].NotBefore);

        var skipped = dialog.Skip(answered.State, null, context);
        Assert.Null(Assert.IsType<AskQuestion>(Assert.Single(skipped.Actions)).NotBefore);
    }

    [Fact]
    public void Timestamp_rule_picks_the_question_asked_last_before_the_reply()
    {
        var state = new DialogState(2, DialogStatus.Active, [new Ask(0, "a"), new Ask(1, "b"), new Ask(2, "c")], []);
        var posted = new Dictionary<string, DateTimeOffset> { ["a"] = s_t0, ["b"] = s_t0.AddSeconds(10), ["c"] = s_t0.AddSeconds(20) };
        var context = new DialogContext(k => posted.TryGetValue(k, out var t) ? t : null, _ => false);
        Assert.Equal(0, WaterfallDialog.QuestionAskedBefore(state, s_t0.AddSeconds(9), context));
        Assert.Equal(1, WaterfallDialog.QuestionAskedBefore(state, s_t0.AddSeconds(10), context));
        Assert.Equal(2, WaterfallDialog.QuestionAskedBefore(state, s_t0.AddSeconds(25), context));
        Assert.Null(WaterfallDialog.QuestionAskedBefore(state, s_t0.AddSeconds(-1), context));
    }

    [Fact]
    public void Skip_back_and_finish_early()
    {
        var dialog = Dialog();
        var state = dialog.Begin(DialogState.New).State;
        var skipped = dialog.Skip(state, null, Context(state));
        Assert.Equal([0], skipped.State.Skipped);
        Assert.Equal(1, skipped.State.Index);

        var back = dialog.Back(skipped.State);
        Assert.Equal(0, back.State.Index);
        Assert.Equal(0, Assert.IsType<AskQuestion>(Assert.Single(back.Actions)).Question);

        var finished = dialog.Finish(back.State);
        Assert.Equal(DialogStatus.Completed, finished.State.Status);
        Assert.IsType<DialogCompleted>(Assert.Single(finished.Actions));
        Assert.IsType<DialogNote>(Assert.Single(dialog.Finish(finished.State).Actions));
    }

    [Fact]
    public void Answering_the_last_question_completes_the_dialog()
    {
        var dialog = Dialog();
        var state = dialog.Begin(DialogState.New).State with { Index = 3 };
        var turn = dialog.Reply(state, "yep, ship it", s_t0.AddSeconds(30), 3, Context(state, 0, 1, 2));
        Assert.Equal("yep, ship it", turn.Answer!.Text);
        Assert.Equal("yes", turn.Answer.Choice);
        Assert.Equal(DialogStatus.Completed, turn.State.Status);
        Assert.IsType<DialogCompleted>(Assert.Single(turn.Actions));
    }

    [Fact]
    public void Dialog_state_round_trips_through_json_unchanged()
    {
        var state = new DialogState(2, DialogStatus.Active, [new Ask(0, "scope:ask1"), new Ask(1, "scope:ask2"), new Ask(2, "scope:ask3")], [1]);
        var json = CoreJson.Serialize(state);
        var back = CoreJson.Deserialize<DialogState>(json);
        Assert.Equal(state.Index, back.Index);
        Assert.Equal(state.Status, back.Status);
        Assert.Equal(state.Asks, back.Asks);
        Assert.Equal(state.Skipped, back.Skipped);
        Assert.Equal(json, CoreJson.Serialize(back));
        Assert.Contains("\"status\":\"Active\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_state_and_answers_round_trip_with_numbers_keeping_their_type()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Feed --parallel");
        chat.Reply("bob", "sizing", "10M");
        chat.Reply("bob", "sizing", "1.5");

        var json = CoreJson.Serialize(chat.Review!);
        var back = CoreJson.Deserialize<ReviewState>(json);
        Assert.Equal(json, CoreJson.Serialize(back));
        Assert.Equal(chat.Review!.Steps.Count, back.Steps.Count);
        Assert.Equal(chat.Review.Steps.Select(s => s.Dialog.Asks.Count), back.Steps.Select(s => s.Dialog.Asks.Count));
        // Where messages landed is the store's, beside the state: the state's JSON does not carry it.
        Assert.DoesNotContain("\"posted\"", json, StringComparison.Ordinal);

        foreach (var answer in chat.Answers)
        {
            var answerBack = CoreJson.Deserialize<Answer>(CoreJson.Serialize(answer));
            Assert.Equal(answer, answerBack);
            Assert.IsType<double>(answerBack.Number!.Value);
        }
        Assert.Equal(1.5, chat.Answers[1].Number);
    }

    [Fact]
    public void Inbound_events_round_trip_with_their_type()
    {
        InboundEvent e = new ThreadReplyEvent("Ev1", new ChannelRef("slack", "T1/C1"), new UserRef("U1", "alice"), s_t0, "1700000000.123456", "1700000001.000200", "q3: hi");
        var back = CoreJson.Deserialize<InboundEvent>(CoreJson.Serialize(e));
        Assert.Equal(e, back);
    }
}
