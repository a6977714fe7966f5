using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>A press counts only on the question message that carried the button, while that question is the current one.</summary>
public class ButtonPressTests
{
    private static ChatSimulator Started()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        return chat;
    }

    private static ChatMessage Question(ChatSimulator chat, string stepId, int number) =>
        chat.BotMessagesIn(stepId).Last(m => m.Text.Contains($"Q{number}/", StringComparison.Ordinal));

    [Fact]
    public void Forged_finish_presses_change_nothing()
    {
        var chat = Started();
        var q1 = Question(chat, "scope", 1);
        var root = chat.Messages.Single(m => m.Id == chat.ThreadOf("scope"));
        var messagesBefore = chat.Messages.Count;

        // Six presses that no member could have made on screen: an invented message id, the step's root message
        // (which carries no buttons), a real question but a value naming another step, another question, another review.
        var forged = new (string MessageId, string Value)[]
        {
            ("b999", ButtonValues.For("r1", "scope", 0)),
            (root.Id, ButtonValues.For("r1", "scope", 0)),
            (q1.Id, ButtonValues.For("r1", "api", 0)),
            (q1.Id, ButtonValues.For("r1", "scope", 5)),
            (q1.Id, ButtonValues.For("other-review", "scope", 0)),
            ("", ButtonValues.For("r1", "scope", 0)),
        };
        foreach (var (messageId, value) in forged)
        {
            var decision = chat.Press("mallory", chat.ThreadOf("scope"), messageId, ButtonValues.FinishStep, value);
            Assert.Null(decision.NewState);
            Assert.Empty(decision.Messages);
        }

        Assert.Equal(messagesBefore, chat.Messages.Count);
        Assert.False(chat.HasThread("api"));
        Assert.Equal(ReviewStatus.Active, chat.Review!.Status);
        Assert.Contains("Q1/10", chat.LastBotMessageIn("scope").Text);
    }

    [Fact]
    public void A_press_on_an_earlier_question_does_not_move_the_waterfall()
    {
        var chat = Started();
        var q1 = Question(chat, "scope", 1);
        chat.Reply("bob", "scope", "To cut checkout time");
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);

        chat.Press("carol", q1, ButtonValues.SkipQuestion);
        Assert.Contains("That button belongs to an earlier question", chat.LastBotMessageIn("scope").Text);
        chat.Press("carol", q1, ButtonValues.FinishStep);
        Assert.Contains("That button belongs to an earlier question", chat.LastBotMessageIn("scope").Text);

        Assert.False(chat.HasThread("api"));
        Assert.DoesNotContain(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q3/10", StringComparison.Ordinal));
        // The thread is still on Q2: the next reply answers it.
        chat.Reply("bob", "scope", "Shoppers and shop owners");
        Assert.Equal("Shoppers and shop owners", Assert.Single(chat.View.AnswersTo("scope", 1)).Text);
    }

    [Fact]
    public void A_press_on_a_finished_step_says_so_and_changes_nothing()
    {
        var chat = Started();
        var q1 = Question(chat, "scope", 1);
        chat.Press("bob", q1, ButtonValues.FinishStep);
        Assert.True(chat.HasThread("api"));
        var apiMessages = chat.BotMessagesIn("api").Count;

        chat.Press("bob", q1, ButtonValues.FinishStep);
        Assert.Contains("this step is finished", chat.LastBotMessageIn("scope").Text);
        Assert.Equal(apiMessages, chat.BotMessagesIn("api").Count);
    }

    [Fact]
    public void Real_presses_on_the_current_question_skip_and_finish()
    {
        var chat = Started();
        chat.Press("bob", Question(chat, "scope", 1), ButtonValues.SkipQuestion);
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
        Assert.Contains(0, chat.Review!.Session("scope").Dialog.Skipped);

        chat.Press("carol", Question(chat, "scope", 2), ButtonValues.FinishStep);
        Assert.True(chat.HasThread("api"));
        Assert.Contains("is done: 0/10", ChatSimulator.AllText(chat.LastBotMessageIn("scope")));
    }

    [Fact]
    public void A_press_in_a_cancelled_review_does_nothing_and_says_so()
    {
        var chat = Started();
        var q1 = Question(chat, "scope", 1);
        chat.Command("alice", "cancel");
        chat.Press("bob", q1, ButtonValues.FinishStep);
        Assert.Contains("This review was cancelled", chat.LastBotMessageIn("scope").Text);
        Assert.False(chat.HasThread("api"));
        Assert.Equal(Core.Dialogs.DialogStatus.Active, chat.Review!.Session("scope").Dialog.Status);
    }

    [Fact]
    public void A_press_on_a_re_asked_question_counts_on_the_message_that_asks_it_now()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "To cut checkout time");
        chat.Reply("bob", "scope", "back");
        var reasked = Question(chat, "scope", 1);
        chat.Press("bob", reasked, ButtonValues.SkipQuestion);
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
    }
}
