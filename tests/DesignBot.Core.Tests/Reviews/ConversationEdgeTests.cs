using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>The corners of the conversation an independent read found: words that act on what the sender saw, emptied questions, stale marks.</summary>
public class ConversationEdgeTests
{
    private static ChatSimulator Started(TimeSpan settle = default)
    {
        var chat = new ChatSimulator(settle: settle);
        chat.Command("alice", "start Photos");
        return chat;
    }

    private static string Current(ChatSimulator chat, string stepId) => chat.LastBotMessageIn(stepId).Text;

    [Fact]
    public void A_skip_sent_while_the_next_question_settles_skips_nothing_and_keeps_its_reason_under_the_question_seen()
    {
        var chat = Started(settle: TimeSpan.FromSeconds(3));
        chat.Reply("alice", "scope", "Families share photos");
        chat.Reply("bob", "scope", "skip, we do not know yet"); // bob still sees Q1
        chat.Wait(TimeSpan.FromSeconds(3));

        Assert.Empty(chat.Review!.Session("scope").Dialog.Skipped);
        Assert.Equal(1, chat.Review.Session("scope").Dialog.Index);
        Assert.Equal((AnswerKind.Discussion, 0), chat.Answers.Where(a => a.Author.Name == "bob").Select(a => (a.Kind, a.QuestionIndex)).Single());
        Assert.Single(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q2/10", StringComparison.Ordinal));
        Assert.DoesNotContain(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q3/10", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_thread_words_are_words_not_answers()
    {
        var chat = Started();
        foreach (var text in new[] { "move", "move q1000", "move q3 please", "undo please", "q1000: x" })
            chat.Reply("bob", "scope", text);

        Assert.Empty(chat.Answers);
        Assert.Equal(0, chat.Review!.Session("scope").Dialog.Index);
        Assert.DoesNotContain(chat.BotMessagesIn("scope"), m => ChatSimulator.AllText(m).Contains("2147483647", StringComparison.Ordinal));
    }

    [Fact]
    public void Editing_a_skip_reason_keeps_it_discussion_and_editing_a_reply_onto_the_current_question_moves_the_thread()
    {
        var chat = Started();
        var skip = chat.Reply("bob", "scope", "skip, we do not know yet");
        chat.Edit(skip, "skip, we really do not know yet");
        Assert.Equal((AnswerKind.Discussion, "skip, we really do not know yet"), chat.Answers.Select(a => (a.Kind, a.Text)).Single());

        // Alice answers Q1; carol's reply lands on Q1 too (sent before Q2 was up), then she edits it into an answer to Q2.
        chat = Started();
        chat.Reply("alice", "scope", "Families share photos");
        var late = chat.Reply("carol", "scope", "Consumers", sentAt: chat.BotMessagesIn("scope")[^1].Ts.AddTicks(-1));
        Assert.Equal(0, chat.Answers.Single(a => a.Id == late).QuestionIndex);
        Assert.Contains("Q2/10", Current(chat, "scope"));
        chat.Edit(late, "q2: Consumers");
        Assert.Contains("Q3/10", Current(chat, "scope"));
    }

    [Fact]
    public void A_bare_a_prefix_says_what_it_needs()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "a:");
        Assert.Contains("`a:` needs the answer after the colon", ChatSimulator.AllText(chat.LastBotMessageIn("scope")));
        Assert.Empty(chat.Answers);
    }

    [Fact]
    public void After_back_every_message_of_the_question_shows_who_answered_it()
    {
        var chat = Started();
        chat.Reply("alice", "scope", "Families share photos");
        chat.Reply("alice", "scope", "back");
        chat.Reply("bob", "scope", "And keep them for years");

        var q1s = chat.BotMessagesIn("scope").Where(m => m.Text.Contains("Q1/10", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, q1s.Count);
        Assert.All(q1s, m => Assert.Contains("✓ alice, bob", ChatSimulator.AllText(m)));
    }

    [Fact]
    public void A_moved_pressed_answer_survives_a_later_press_on_its_old_question()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        chat.Reply("bob", "data-model", "Users, photos");
        chat.Reply("bob", "data-model", "albums hold photos");
        var coverage = chat.BotMessagesIn("data-model").Last(m => m.Text.Contains("Q3/5", StringComparison.Ordinal));
        chat.Press("carol", coverage, ButtonValues.Option(0));
        chat.Reply("carol", "data-model", "move q5");
        chat.Press("carol", chat.Messages.Single(m => m.Id == coverage.Id), ButtonValues.Option(1));

        var carols = chat.Answers.Where(a => a.Author.Name == "carol").OrderBy(a => a.QuestionIndex).Select(a => (a.QuestionIndex, a.Text)).ToList();
        Assert.Equal([(2, "No"), (4, "Yes")], carols);
    }

    [Fact]
    public void A_q99_in_the_cards_thread_is_answered_there()
    {
        var chat = Started();
        chat.ReplyInThread("carol", chat.CardThread, "q99: hello");
        var reply = Assert.Single(chat.BotMessagesInThread(chat.CardThread));
        Assert.Contains("has questions 1 to 10", ChatSimulator.AllText(reply));
        Assert.Empty(chat.Answers);
    }

    [Fact]
    public void The_summary_and_the_cancel_announcement_threads_are_review_threads()
    {
        var chat = Started();
        var summary = chat.Command("alice", "summary").Messages.Single(m => m.Body.FallbackText.StartsWith("Design summary", StringComparison.Ordinal));
        Assert.Equal(ReviewState.ReviewThread, summary.OpensThreadForStep);
        var cancelled = chat.Command("alice", "cancel").Messages.Single(m => m.Body.FallbackText.Contains("cancelled the design review", StringComparison.Ordinal));
        Assert.Equal(ReviewState.ReviewThread, cancelled.OpensThreadForStep);
    }

    [Fact]
    public void Cancelling_during_a_settle_pause_replaces_the_paused_question()
    {
        var chat = Started(settle: TimeSpan.FromSeconds(3));
        chat.Reply("alice", "scope", "Families share photos");
        chat.Command("alice", "cancel");
        chat.Wait(TimeSpan.FromSeconds(3));

        var last = chat.LastBotMessageIn("scope");
        Assert.Contains("no longer asked", ChatSimulator.AllText(last));
        Assert.DoesNotContain(ButtonValues.SkipQuestion, last.Body!.Blocks.OfType<ButtonsBlock>().SelectMany(b => b.Buttons).Select(b => b.ActionId));
    }
}
