using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Testing;

namespace DesignBot.Core.Tests.Reviews;

public class FullReviewTests
{
    [Fact]
    public void Three_members_run_a_review_from_start_to_summary_and_every_answer_reaches_the_document()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start URL shortener");

        var card = chat.ChannelBotMessages[0];
        Assert.Contains("Design review: URL shortener", ChatSimulator.AllText(card));
        Assert.Contains("▶ Scope 0/10", ChatSimulator.AllText(card));

        var typed = new List<(string Author, string Text)>();
        var turn = 0;
        foreach (var step in chat.Template.Steps)
        {
            Assert.True(chat.HasThread(step.Id), $"step {step.Id} should have its thread open by now");
            for (var i = 0; i < step.Questions.Count; i++)
            {
                // Expect: the bot asked exactly this question last in the thread.
                Assert.Contains($"Q{i + 1}/{step.Questions.Count}", chat.LastBotMessageIn(step.Id).Text);
                Assert.Contains(step.Questions[i].Prompt, chat.LastBotMessageIn(step.Id).Text);
                var author = TestAnswers.Members[turn % 3];
                var text = TestAnswers.For(step.Questions[i], turn++);
                chat.Reply(author, step.Id, text);
                typed.Add((author, text));
            }
            Assert.Contains("is done", ChatSimulator.AllText(chat.LastBotMessageIn(step.Id)));
        }

        // Every question was asked exactly once.
        foreach (var step in chat.Template.Steps)
        {
            for (var i = 0; i < step.Questions.Count; i++)
            {
                var asks = chat.BotMessagesIn(step.Id).Count(m => m.Text.Contains($"Q{i + 1}/{step.Questions.Count}: ", StringComparison.Ordinal));
                Assert.Equal(1, asks);
            }
        }

        Assert.Equal(ReviewStatus.Completed, chat.Review!.Status);
        var summary = chat.ChannelBotMessages.Single(m => m.Text.StartsWith("Design summary", StringComparison.Ordinal));
        var summaryText = ChatSimulator.AllText(summary);
        Assert.Contains("alice, bob, carol", summaryText);
        Assert.Contains("Open items:** none", summaryText);
        // The summary summarises (headline figures, a few answers per step); every answer is in the document.
        Assert.Contains("Peak write QPS: 694 writes/s", summaryText);
        Assert.Contains("https://bot.example/reviews/r1?sig=x", summaryText);
        Assert.Contains(typed[0].Text, summaryText);

        var document = DesignDocument.Markdown(chat.View, new ReviewLinks("p", "m"));
        // What a reader of the Markdown sees: members' markup is escaped in the file, so read it rendered.
        var readable = Markdig.Markdown.ToPlainText(document);
        foreach (var (author, text) in typed)
        {
            Assert.Contains(text, readable);
            Assert.Contains($"**{author}**", document);
        }

        // The card was updated in place to show every step done.
        var finalCard = chat.ChannelBotMessages[0];
        Assert.True(finalCard.Edited);
        Assert.Contains("✓ Scope 10/10 · ✓ API 3/3", ChatSimulator.AllText(finalCard));
    }

    [Fact]
    public void Parallel_start_opens_all_six_step_threads_at_once()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Chat app --parallel");

        Assert.Equal("Chat app", chat.Review!.Title);
        foreach (var step in chat.Template.Steps)
            Assert.Contains("Q1/", chat.LastBotMessageIn(step.Id).Text);
        Assert.Equal(1 + 6, chat.ChannelBotMessages.Count); // card + six step roots
    }

    [Fact]
    public void Sequential_start_opens_only_the_first_step_and_the_next_one_when_it_is_done()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Chat app");
        Assert.True(chat.HasThread("scope"));
        Assert.False(chat.HasThread("api"));

        chat.Reply("bob", "scope", "done");
        Assert.True(chat.HasThread("api"));
        Assert.Contains("Q1/3", chat.LastBotMessageIn("api").Text);
    }
}
