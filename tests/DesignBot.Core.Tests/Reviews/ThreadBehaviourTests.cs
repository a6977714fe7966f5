using DesignBot.Core.Templates;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

public class ThreadBehaviourTests
{
    private static ChatSimulator Started()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        return chat;
    }

    private static IReadOnlyList<Answer> AnswersTo(ChatSimulator chat, string stepId, int question) =>
        chat.View.AnswersTo(stepId, question);

    [Fact]
    public void A_late_reply_lands_on_the_question_its_author_saw()
    {
        var chat = Started();
        var q1Asked = chat.LastBotMessageIn("scope").Ts;
        // Bob starts typing while Q1 is up; Alice answers first and the bot moves on to Q2.
        var bobSentAt = chat.Tick();
        chat.Reply("alice", "scope", "To cut checkout time");
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);

        // Bob's reply arrives now but was sent before Q2 was posted: it answers Q1.
        chat.Reply("bob", "scope", "Also for compliance", sentAt: bobSentAt);
        Assert.True(bobSentAt > q1Asked);
        var q1 = AnswersTo(chat, "scope", 0);
        Assert.Equal(["alice", "bob"], q1.Select(a => a.Author.Name).OrderBy(n => n));
        Assert.Empty(AnswersTo(chat, "scope", 1));
        // And the waterfall did not move twice.
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
    }

    [Fact]
    public void A_reply_while_the_next_question_is_not_yet_posted_answers_the_visible_question()
    {
        var chat = Started();
        chat.HoldPosts = true;
        chat.Reply("alice", "scope", "Because merchants asked");
        // Q2 is decided but not posted yet; Carol can only have seen Q1.
        chat.Reply("carol", "scope", "And to reduce fraud");
        chat.HoldPosts = false;
        chat.Flush();

        Assert.Equal(2, AnswersTo(chat, "scope", 0).Count);
        Assert.Empty(AnswersTo(chat, "scope", 1));
        // The turn waited for Q2's post to be recorded; when that never came it decided, and the waterfall moved once.
        Assert.Single(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q2/10", StringComparison.Ordinal));
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
    }

    [Fact]
    public void An_answer_while_the_newest_question_is_unrecorded_waits_but_words_and_aimed_answers_do_not()
    {
        var chat = Started();
        chat.HoldPosts = true;
        chat.Reply("alice", "scope", "Because merchants asked");
        var review = chat.Snapshot!;
        var engine = new ReviewEngine(new TemplateCatalog([chat.Template]), new FixedLinks());
        DesignBot.Core.Events.InboundEvent Reply(string text) =>
            new DesignBot.Core.Events.ThreadReplyEvent("e-x", ChatSimulator.Channel, new("U-bob", "bob"), chat.Tick(), chat.ThreadOf("scope"), "u-x", text);

        Assert.True(engine.Decide(new TurnInput(Reply("Marketers"), chat.Now) { Review = review, StepId = "scope" }).AwaitsPosts);
        Assert.False(engine.Decide(new TurnInput(Reply("q3: share links"), chat.Now) { Review = review, StepId = "scope" }).AwaitsPosts);
        Assert.False(engine.Decide(new TurnInput(Reply("help"), chat.Now) { Review = review, StepId = "scope" }).AwaitsPosts);
    }

    private sealed class FixedLinks : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new("p", "m");
    }

    [Fact]
    public void Concurrent_replies_to_the_same_question_are_all_kept_with_their_authors()
    {
        var chat = Started();
        var sentAt = chat.Tick();
        chat.Reply("alice", "scope", "Reason A", sentAt);
        chat.Reply("bob", "scope", "Reason B", sentAt);
        chat.Reply("carol", "scope", "Reason C", sentAt);

        var answers = AnswersTo(chat, "scope", 0);
        Assert.Equal(["Reason A", "Reason B", "Reason C"], answers.Select(a => a.Text).Order());
        Assert.Equal(1, chat.BotMessagesIn("scope").Count(m => m.Text.Contains("Q2/10", StringComparison.Ordinal)));
    }

    [Fact]
    public void Explicit_question_prefix_adds_to_that_question_without_moving_the_waterfall()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "q3: create short links");
        chat.Reply("carol", "scope", "#4 list my links");

        Assert.Equal("create short links", Assert.Single(AnswersTo(chat, "scope", 2)).Text);
        Assert.Equal("list my links", Assert.Single(AnswersTo(chat, "scope", 3)).Text);
        Assert.Contains("Q1/10", chat.LastBotMessageIn("scope").Text);

        // Answering Q1 now skips past the questions that already have answers.
        chat.Reply("alice", "scope", "Links are too long");
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
        chat.Reply("alice", "scope", "Marketers");
        Assert.Contains("Q5/10", chat.LastBotMessageIn("scope").Text);
    }

    [Fact]
    public void Explicit_prefix_out_of_range_is_refused_with_the_valid_range()
    {
        var chat = Started();
        chat.Reply("bob", "scope", "q12: something");
        Assert.Contains("no question 12", chat.LastBotMessageIn("scope").Text);
        Assert.Contains("q10", chat.LastBotMessageIn("scope").Text);
        Assert.Empty(chat.Answers);
    }

    [Fact]
    public void Edits_update_and_deletions_remove_the_stored_answer()
    {
        var chat = Started();
        var id = chat.Reply("alice", "scope", "First thought");
        chat.Edit(id, "Better thought");
        var answer = Assert.Single(chat.Answers);
        Assert.Equal("Better thought", answer.Text);
        Assert.NotNull(answer.EditedAt);

        chat.Delete(id);
        Assert.Empty(chat.Answers);
        Assert.Contains("○ API 0/3", ChatSimulator.AllText(chat.ChannelBotMessages[0]));
    }

    [Fact]
    public void Editing_an_unreadable_number_into_a_number_stores_it_on_the_question_it_was_sent_for()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Feed --parallel");
        var id = chat.Reply("bob", "sizing", "lots");
        Assert.Contains(chat.BotMessagesIn("sizing"), m => m.Text.Contains("couldn't read a number from \"lots\"", StringComparison.Ordinal));
        var kept = Assert.Single(chat.Answers);
        Assert.Equal((AnswerKind.Unread, "lots", (double?)null), (kept.Kind, kept.Text, kept.Number));

        chat.Edit(id, "10M");
        var answer = Assert.Single(chat.Answers);
        Assert.Equal("dau", answer.QuestionId);
        Assert.Equal((AnswerKind.Answer, 10_000_000d), (answer.Kind, answer.Number));
    }

    [Fact]
    public void An_unreadable_edit_is_kept_as_typed_and_says_what_was_not_read()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Feed --parallel");
        var id = chat.Reply("bob", "sizing", "10M");
        chat.Edit(id, "heaps");
        var answer = Assert.Single(chat.Answers);
        Assert.Equal((AnswerKind.Unread, "heaps", (double?)null), (answer.Kind, answer.Text, answer.Number));
        var note = ChatSimulator.AllText(chat.LastBotMessageIn("sizing"));
        Assert.Contains("couldn't read a number from \"heaps\"", note);
        Assert.Contains("`q1: ", note);
    }

    [Fact]
    public void An_unreadable_number_is_kept_the_thread_moves_on_and_q1_gives_the_value()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Feed --parallel");
        chat.Reply("bob", "sizing", "lots");
        var note = ChatSimulator.AllText(chat.BotMessagesIn("sizing")[^2]);
        Assert.Contains("couldn't read a number from \"lots\"", note);
        Assert.Contains("I kept your reply; give the value as `q1: ", note);
        Assert.Contains("Q2/12", chat.LastBotMessageIn("sizing").Text);
        Assert.Equal(AnswerKind.Unread, Assert.Single(chat.Answers).Kind);

        chat.Reply("bob", "sizing", "q1: 2 billion");
        Assert.Equal(2e9, chat.Answers.Single(a => a.Kind == AnswerKind.Answer).Number);
        Assert.Contains("Q2/12", chat.LastBotMessageIn("sizing").Text);
    }

    [Fact]
    public void Thread_words_skip_back_done_and_help()
    {
        var chat = Started();
        chat.Reply("alice", "scope", "skip");
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
        chat.Reply("alice", "scope", "next");
        Assert.Contains("Q3/10", chat.LastBotMessageIn("scope").Text);
        chat.Reply("alice", "scope", "back");
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);
        chat.Reply("alice", "scope", "help");
        Assert.Contains("`q3: …`", ChatSimulator.AllText(chat.LastBotMessageIn("scope")));
        chat.Reply("alice", "scope", "done");
        Assert.Contains("is done: 0/10", ChatSimulator.AllText(chat.LastBotMessageIn("scope")));
        Assert.True(chat.HasThread("api"));

        chat.Command("alice", "summary");
        var summary = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("Scope Q1: Why do we need this system? What problem does it solve, and for whom? (skipped)", summary);
        Assert.Contains("Scope Q3: What can users do? (unanswered)", summary);
    }

    [Fact]
    public void Skip_and_finish_buttons_act_like_the_thread_words_and_a_stale_skip_is_refused()
    {
        var chat = Started();
        var q1 = chat.LastBotMessageIn("scope");
        chat.Press("bob", q1, ButtonValues.SkipQuestion);
        Assert.Contains("Q2/10", chat.LastBotMessageIn("scope").Text);

        chat.Press("carol", q1, ButtonValues.SkipQuestion); // pressed on the old question
        Assert.Contains("That button belongs to an earlier question (Q1)", chat.LastBotMessageIn("scope").Text);
        Assert.DoesNotContain(chat.BotMessagesIn("scope"), m => m.Text.Contains("Q3/10", StringComparison.Ordinal));

        chat.Press("carol", chat.BotMessagesIn("scope").Last(m => m.Text.Contains("Q2/10", StringComparison.Ordinal)), ButtonValues.FinishStep);
        Assert.True(chat.HasThread("api"));
    }

    [Fact]
    public void Choice_and_confirm_prompts_accept_numbers_words_and_explanations()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Feed --parallel");
        chat.Reply("bob", "data-model", "Users, Links");
        chat.Reply("bob", "data-model", "user has many links");
        chat.Reply("bob", "data-model", "No, analytics missing");
        chat.Reply("bob", "data-model", "maybe");
        Assert.Contains(chat.BotMessagesIn("data-model"), m => ChatSimulator.AllText(m).Contains("\"maybe\"", StringComparison.Ordinal) && ChatSimulator.AllText(m).Contains("`q4: ", StringComparison.Ordinal));
        chat.Reply("bob", "data-model", "q4: 2");

        var answers = chat.Answers.Where(a => a.StepId == "data-model" && a.Kind == AnswerKind.Answer).ToList();
        Assert.Equal("No, analytics missing", answers[2].Text);
        Assert.Contains("semi-structured", answers[3].Text);
        Assert.Equal(AnswerKind.Unread, chat.Answers.Single(a => a.Text == "maybe").Kind);
    }

    [Fact]
    public void Sizing_step_completion_posts_the_estimate_with_its_arithmetic_and_names_missing_inputs()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Feed --parallel");
        chat.Reply("bob", "sizing", "10M");
        chat.Reply("bob", "sizing", "2");
        chat.Reply("bob", "sizing", "done");

        var estimate = chat.BotMessagesIn("sizing").Single(m => m.Text == "Sizing estimate");
        var text = ChatSimulator.AllText(estimate);
        Assert.Contains("10M DAU × 2 writes/day ÷ 86,400 s ≈ 231 writes/s", text);
        Assert.Contains("read:write ratio", text);
        Assert.Contains("Missing", text);
    }

    [Fact]
    public void Replies_in_a_cancelled_review_get_a_clear_answer_and_are_not_stored()
    {
        var chat = Started();
        chat.Command("alice", "cancel");
        chat.Reply("bob", "scope", "late idea");
        Assert.Contains("cancelled", chat.LastBotMessageIn("scope").Text);
        Assert.Empty(chat.Answers);
    }
}
