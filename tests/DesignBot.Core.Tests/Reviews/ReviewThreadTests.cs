using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>Threads of a review that are no step's — the review card's and the start command's — answer instead of staying silent.</summary>
public class ReviewThreadTests
{
    [Fact]
    public void The_start_commands_thread_says_where_the_review_runs()
    {
        var chat = new ChatSimulator();
        var command = chat.TypeCommand("alice", "/design start Photos");

        var reply = Assert.Single(chat.BotMessagesInThread(command));
        Assert.Null(reply.VisibleTo);
        Assert.Contains("Started **Photos**", reply.Text + ChatSimulator.AllText(reply));
        Assert.Contains("each step has its own thread", ChatSimulator.AllText(reply));
    }

    [Fact]
    public void A_reply_in_the_cards_thread_gets_a_hint_for_its_author_naming_the_current_step()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos");
        var answersBefore = chat.Answers.Count;

        chat.ReplyInThread("bob", chat.CardThread, "Where do I answer?");

        var hint = Assert.Single(chat.BotMessagesInThread(chat.CardThread));
        Assert.Equal("U-bob", hint.VisibleTo);
        var text = ChatSimulator.AllText(hint);
        Assert.Contains("answer in the thread of **Scope the problem** (it waits on Q1)", text);
        Assert.Contains("`q3: …` adds to question 3 of Scope", text);
        Assert.Contains("`/design status`, `summary`, `export` and `cancel` typed here mean this review", text);
        Assert.Equal(answersBefore, chat.Answers.Count);
    }

    [Fact]
    public void A_reply_in_the_start_commands_thread_gets_the_hint_too_and_a_retry_gets_it_once()
    {
        var chat = new ChatSimulator();
        var command = chat.TypeCommand("alice", "/design start Photos");
        var reply = new Core.Events.ThreadReplyEvent("e-retry", ChatSimulator.Channel, new("U-carol", "carol"), chat.Tick(), command, "u-carol-1", "nice");

        chat.Decide(reply);
        chat.Decide(reply);

        var hints = chat.BotMessagesInThread(command).Where(m => m.VisibleTo == "U-carol").ToList();
        Assert.Contains("is not a step of **Photos**", ChatSimulator.AllText(Assert.Single(hints)));
    }

    [Fact]
    public void A_q3_reply_in_the_cards_thread_lands_on_the_current_steps_question_3()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos");
        chat.Reply("bob", "scope", "done"); // scope finished: the current step is API

        chat.ReplyInThread("carol", chat.CardThread, "q3: reads dominate, 100:1");

        var answer = Assert.Single(chat.Answers);
        Assert.Equal(("api", 2, "carol"), (answer.StepId, answer.QuestionIndex, answer.Author.Name));
        Assert.Contains("reads dominate, 100:1", answer.Text);
        var landed = chat.BotMessagesInThread(chat.CardThread)[^1];
        Assert.Null(landed.VisibleTo);
        Assert.Contains("Added to **API** Q3", ChatSimulator.AllText(landed));
        Assert.Contains("▶ API 1/3", ChatSimulator.AllText(chat.ChannelBotMessages[0]));
    }

    [Fact]
    public void A_q3_reply_in_the_start_commands_thread_lands_too_and_its_deletion_removes_the_answer()
    {
        var chat = new ChatSimulator();
        var command = chat.TypeCommand("alice", "/design start Photos");

        var id = chat.ReplyInThread("bob", command, "q2: photographers and their followers");
        Assert.Equal(("scope", 1), (chat.Answers.Single().StepId, chat.Answers.Single().QuestionIndex));

        chat.Delete(id);
        Assert.Empty(chat.Answers);
    }

    [Fact]
    public void In_parallel_mode_a_q3_in_the_cards_thread_is_told_to_use_a_step_thread()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");

        chat.ReplyInThread("bob", chat.CardThread, "q3: upload and share");

        Assert.Empty(chat.Answers);
        var hint = chat.BotMessagesInThread(chat.CardThread)[^1];
        Assert.Equal("U-bob", hint.VisibleTo);
        Assert.Contains("Several steps of **Photos** are open", hint.Text + ChatSimulator.AllText(hint));
        Assert.Contains("Nothing was stored", ChatSimulator.AllText(hint));
    }

    [Fact]
    public void A_reply_in_a_cancelled_reviews_card_thread_says_it_is_cancelled()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos");
        chat.Command("alice", "cancel");

        chat.ReplyInThread("bob", chat.CardThread, "q1: to share photos");

        Assert.Empty(chat.Answers);
        Assert.Contains("**Photos** is cancelled", ChatSimulator.AllText(chat.BotMessagesInThread(chat.CardThread)[^1]));
        Assert.Equal(ReviewStatus.Cancelled, chat.Review!.Status);
    }
}
