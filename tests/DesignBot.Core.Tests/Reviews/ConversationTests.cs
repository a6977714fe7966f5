using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>
/// A thread as a team uses it: every reply kept, discussion apart from answers, where each reply landed shown on its
/// question and movable, options as buttons, a settle pause so answers typed together land together.
/// </summary>
public class ConversationTests
{
    private static ChatSimulator Started(TimeSpan settle = default)
    {
        var chat = new ChatSimulator(settle: settle);
        chat.Command("alice", "start Photos");
        return chat;
    }

    /// <summary>The latest message of the bot asking question <paramref name="n"/> of the step, as it shows now.</summary>
    private static ChatMessage Question(ChatSimulator chat, string stepId, int n) =>
        chat.BotMessagesIn(stepId).Last(m => m.Text.Contains($"Q{n}/", StringComparison.Ordinal) && m.Body!.Blocks.OfType<ButtonsBlock>().Any());

    private static string? Landed(ChatMessage question) =>
        question.Body!.Blocks.OfType<ContextBlock>().Select(c => c.Text).LastOrDefault(t => t.StartsWith('✓') || t.Contains("💬", StringComparison.Ordinal));

    private static string Current(ChatSimulator chat, string stepId) => chat.LastBotMessageIn(stepId).Text;

    [Fact]
    public void Each_question_shows_who_answered_it_updated_in_place()
    {
        var chat = Started();
        var q1 = Question(chat, "scope", 1);
        Assert.Null(Landed(q1));
        var bobSentAt = chat.Tick();
        chat.Reply("alice", "scope", "Families share photos privately");
        chat.Reply("bob", "scope", "And keep them for years", sentAt: bobSentAt);

        var shown = chat.Messages.Single(m => m.Id == q1.Id);
        Assert.True(shown.Edited);
        Assert.Equal("✓ bob, alice", Landed(shown)); // in the order they were sent: bob typed first
        Assert.Null(Landed(Question(chat, "scope", 2)));
    }

    [Fact]
    public void Discussion_is_kept_under_the_question_and_does_not_move_the_waterfall()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "Do we include admins?");
        chat.Reply("carol", "scope", "@bob sure, take your time");

        Assert.Contains("Q1/10", Current(chat, "scope"));
        Assert.All(chat.Answers, a => Assert.Equal((AnswerKind.Discussion, 0), (a.Kind, a.QuestionIndex)));
        Assert.Equal("💬 2", Landed(Question(chat, "scope", 1)));

        chat.Reply("alice", "scope", "a: Do admins count? Yes, as users");
        Assert.Contains("Q2/10", Current(chat, "scope"));
        var answer = chat.Answers.Single(a => a.Kind == AnswerKind.Answer);
        Assert.Equal("Do admins count? Yes, as users", answer.Text);
        Assert.Equal("✓ alice · 💬 2", Landed(Question(chat, "scope", 1)));

        var document = DesignDocument.Markdown(chat.View, new ChatSimulator.TestLinks().For("r1"));
        Assert.Contains("> Do we include admins?", document);
        Assert.Contains("> @bob sure, take your time", document);
        Assert.Contains("_discussion_", document);
    }

    [Fact]
    public void Move_puts_the_senders_latest_answer_on_another_question_and_says_so()
    {
        var chat = Started();
        chat.Reply("alice", "scope", "Families share photos");
        // Carol meant to add to Q1, but Q2 was already up when she sent it: it landed on Q2 and moved the thread on.
        chat.Reply("carol", "scope", "Also albums for events");
        Assert.Contains("Q3/10", Current(chat, "scope"));
        Assert.Equal("✓ carol", Landed(Question(chat, "scope", 2)));

        chat.Reply("carol", "scope", "move q1");

        Assert.Contains("Moved carol's answer from Q2 to Q1: \"Also albums for events\"", ChatSimulator.AllText(chat.BotMessagesIn("scope")[^2]));
        Assert.Equal([0, 0], chat.Answers.Select(a => a.QuestionIndex));
        Assert.Equal("✓ alice, carol", Landed(Question(chat, "scope", 1)));
        // Q2 lost its only answer: it is asked again, and answering it brings the thread back to Q3.
        Assert.Contains("Q2/10", Current(chat, "scope"));
        Assert.Null(Landed(Question(chat, "scope", 2)));
        chat.Reply("bob", "scope", "Parents and grandparents");
        Assert.Contains("Q3/10", Current(chat, "scope"));
    }

    [Fact]
    public void Undo_removes_the_senders_latest_reply_and_says_which()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "Because ops asked");
        chat.Reply("alice", "scope", "Consumers with phones");
        chat.Reply("bob", "scope", "undo");

        Assert.Contains("Removed bob's answer to Q1: \"Because ops asked\"", ChatSimulator.AllText(chat.BotMessagesIn("scope")[^2]));
        Assert.Equal(["alice"], chat.Answers.Select(a => a.Author.Name));
        // Q1 has no answer now, so it is asked again.
        Assert.Contains("Q1/10", Current(chat, "scope"));
        Assert.All(chat.BotMessagesIn("scope").Where(m => m.Text.Contains("Q1/10", StringComparison.Ordinal)), m => Assert.Null(Landed(m)));

        chat.Reply("carol", "scope", "undo");
        Assert.Contains("carol, you have no reply in this step to undo.", ChatSimulator.AllText(chat.LastBotMessageIn("scope")));
    }

    [Fact]
    public void Answers_typed_during_the_settle_pause_land_together_on_the_question_their_authors_saw()
    {
        var chat = Started(settle: TimeSpan.FromSeconds(3));
        chat.Reply("alice", "scope", "Families share photos");
        // The next question is decided but waits out the pause: nothing new in the thread yet.
        Assert.DoesNotContain(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q2/10", StringComparison.Ordinal));

        chat.Reply("carol", "scope", "And grandparents view them"); // one second later, still on Q1 for everyone
        chat.Wait(TimeSpan.FromSeconds(3));

        Assert.Equal([0, 0], chat.Answers.Select(a => a.QuestionIndex));
        Assert.Single(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q2/10", StringComparison.Ordinal));
        Assert.Equal("✓ alice, carol", Landed(Question(chat, "scope", 1)));

        // A reply after the pause answers the question now shown.
        chat.Reply("bob", "scope", "Consumers");
        Assert.Equal(1, chat.Answers.Single(a => a.Author.Name == "bob").QuestionIndex);
    }

    [Fact]
    public void Option_buttons_answer_for_the_member_who_pressed_and_a_second_press_changes_it()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        chat.Reply("bob", "data-model", "Users, photos, albums");
        chat.Reply("bob", "data-model", "albums hold photos");
        var coverage = Question(chat, "data-model", 3);
        Assert.Equal(["Yes", "No", "Skip", "Finish step"], coverage.Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons.Select(b => b.Text));
        chat.Press("carol", coverage, ButtonValues.Option(0));
        Assert.Contains("Q4/5", Current(chat, "data-model"));

        var structure = Question(chat, "data-model", 4);
        Assert.Equal(["structured", "semi-structured", "unstructured", "mixed", "Skip", "Finish step"],
            structure.Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons.Select(b => b.Text));
        chat.Press("carol", structure, ButtonValues.Option(1));
        chat.Press("carol", structure, ButtonValues.Option(3));

        var carols = chat.Answers.Where(a => a.Author.Name == "carol").ToList();
        Assert.Equal(["Yes", "mixed"], carols.Select(a => a.Text));
        Assert.Equal("✓ carol", Landed(chat.Messages.Single(m => m.Id == structure.Id)));
        Assert.Contains("Q5/5", Current(chat, "data-model"));
    }

    [Fact]
    public void The_sizing_estimate_is_updated_in_place_when_its_inputs_change()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        chat.Reply("bob", "sizing", "10M");
        chat.Reply("bob", "sizing", "2");
        chat.Reply("bob", "sizing", "done");
        var estimate = chat.BotMessagesIn("sizing").Single(m => m.Text == "Sizing estimate");
        Assert.Contains("231", ChatSimulator.AllText(estimate));

        var correction = chat.Reply("carol", "sizing", "q1: 20M");
        Assert.Contains("463", ChatSimulator.AllText(chat.Messages.Single(m => m.Id == estimate.Id)));
        chat.Delete(correction);

        var shown = chat.Messages.Single(m => m.Id == estimate.Id);
        Assert.True(shown.Edited);
        Assert.Contains("231", ChatSimulator.AllText(shown));
        Assert.DoesNotContain("463", ChatSimulator.AllText(shown));
        Assert.Single(chat.BotMessagesIn("sizing"), m => m.Text == "Sizing estimate");
    }

    [Fact]
    public void Members_who_disagree_are_both_kept_shown_on_the_question_and_in_the_document()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        chat.Reply("bob", "data-model", "Users, photos");
        chat.Reply("bob", "data-model", "albums hold photos");
        var coverage = Question(chat, "data-model", 3);
        var carolSentAt = chat.Tick();
        chat.Reply("alice", "data-model", "Yes, all of it");
        chat.Reply("carol", "data-model", "No, sharing links are missing", sentAt: carolSentAt);

        Assert.Equal(["carol", "alice"], chat.Answers.Where(a => a.QuestionIndex == 2).Select(a => a.Author.Name));
        Assert.Equal("✓ carol, alice", Landed(chat.Messages.Single(m => m.Id == coverage.Id)));
        var document = Markdig.Markdown.ToPlainText(DesignDocument.Markdown(chat.View, new ChatSimulator.TestLinks().For("r1")));
        Assert.Contains("Yes, all of it", document);
        Assert.Contains("No, sharing links are missing", document);
        Assert.Contains("Q4/5", Current(chat, "data-model")); // the thread moved on once
    }

    [Fact]
    public void A_skip_with_a_reason_keeps_the_reason_and_skips()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "skip this one, we do not know yet");
        Assert.Contains("Q2/10", Current(chat, "scope"));
        var kept = Assert.Single(chat.Answers);
        Assert.Equal((AnswerKind.Discussion, 0, "skip this one, we do not know yet"), (kept.Kind, kept.QuestionIndex, kept.Text));
        Assert.Contains(0, chat.Review!.Session("scope").Dialog.Skipped);
    }
}
