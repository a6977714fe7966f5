using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>Several reviews in one channel: a command never silently picks one.</summary>
public class SeveralReviewsTests
{
    private static ChatSimulator TwoActive()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Command("carol", "start Search service");
        return chat;
    }

    [Theory]
    [InlineData("status")]
    [InlineData("summary")]
    [InlineData("export")]
    [InlineData("cancel")]
    public void A_command_without_a_title_asks_which_review_with_one_button_each(string command)
    {
        var chat = TwoActive();
        var sendsBefore = chat.Sends.Count;

        chat.Command("alice", command);

        Assert.Equal(sendsBefore + 1, chat.Sends.Count);
        var asked = chat.ChannelBotMessages[^1];
        Assert.Equal("U-alice", asked.VisibleTo);
        Assert.Contains("**Which review?**", ChatSimulator.AllText(asked));
        Assert.Contains($"`/design {command} <title>`", ChatSimulator.AllText(asked));
        var buttons = asked.Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons;
        Assert.Equal(["Search service (carol)", "Payments (alice)"], buttons.Select(b => b.Text));
        Assert.All(buttons, b => Assert.Equal(ButtonValues.PickReview, b.ActionId));
        Assert.All(chat.ChannelReviews, r => Assert.Equal(ReviewStatus.Active, r.Status));
    }

    [Fact]
    public void Pressing_a_review_runs_the_command_on_it_for_the_presser()
    {
        var chat = TwoActive();
        chat.Command("alice", "cancel");
        var asked = chat.ChannelBotMessages[^1];
        var buttons = asked.Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons;
        var search = buttons.Single(b => b.Text.StartsWith("Search service", StringComparison.Ordinal));
        var payments = buttons.Single(b => b.Text.StartsWith("Payments", StringComparison.Ordinal));

        // alice presses Search service: not her review, so the refusal names its owner — of the review she picked.
        chat.Press("alice", asked.ThreadId, asked.Id, search.ActionId, search.Value);
        Assert.Contains("Only carol, who started **Search service**, can cancel it", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        Assert.Equal("U-alice", chat.ChannelBotMessages[^1].VisibleTo);
        Assert.All(chat.ChannelReviews, r => Assert.Equal(ReviewStatus.Active, r.Status));

        chat.Press("alice", asked.ThreadId, asked.Id, payments.ActionId, payments.Value);
        Assert.Equal(ReviewStatus.Cancelled, chat.ChannelReviews.Single(r => r.Title == "Payments").Status);
        Assert.Equal(ReviewStatus.Active, chat.ChannelReviews.Single(r => r.Title == "Search service").Status);
        Assert.Contains("alice cancelled the design review **Payments**", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
    }

    [Fact]
    public void Export_adr_asked_which_review_still_exports_the_decision_records_when_pressed()
    {
        var chat = TwoActive();
        chat.Command("alice", "export adr");
        var asked = chat.ChannelBotMessages[^1];
        Assert.Contains("`/design export adr <title>`", ChatSimulator.AllText(asked));
        var payments = asked.Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons.Single(b => b.Text.StartsWith("Payments", StringComparison.Ordinal));

        chat.Press("alice", asked.ThreadId, asked.Id, payments.ActionId, payments.Value);
        Assert.Contains(chat.Messages, m => m.IsBot && m.Text.StartsWith("Decision records: Payments", StringComparison.Ordinal));
    }

    [Fact]
    public void A_status_button_answers_the_presser_about_the_review_pressed()
    {
        var chat = TwoActive();
        chat.Command("bob", "status");
        var asked = chat.ChannelBotMessages[^1];
        var payments = asked.Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons.Single(b => b.Text.StartsWith("Payments", StringComparison.Ordinal));

        chat.Press("bob", asked.ThreadId, asked.Id, payments.ActionId, payments.Value);

        var status = chat.ChannelBotMessages[^1];
        Assert.Equal("U-bob", status.VisibleTo);
        Assert.Contains("**Payments** — in progress · owner alice", ChatSimulator.AllText(status));
    }

    [Fact]
    public void A_command_typed_in_a_reviews_thread_means_that_review()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        var paymentsScope = chat.ThreadOf("scope");
        chat.Command("carol", "start Search service");
        var searchCard = chat.CardThread;

        chat.TypeCommand("bob", "/design status", threadId: searchCard);
        var inCard = chat.BotMessagesInThread(searchCard)[^1];
        Assert.Equal("U-bob", inCard.VisibleTo);
        Assert.Contains("**Search service** — in progress · owner carol", ChatSimulator.AllText(inCard));

        // alice cancels from her own review's step thread: that review, not the newest, and no question asked.
        chat.TypeCommand("alice", "/design cancel", threadId: paymentsScope);
        Assert.Equal(ReviewStatus.Cancelled, chat.ChannelReviews.Single(r => r.Title == "Payments").Status);
        Assert.Equal(ReviewStatus.Active, chat.ChannelReviews.Single(r => r.Title == "Search service").Status);
        Assert.DoesNotContain(chat.Messages, m => m.IsBot && m.Text.StartsWith("Which review?", StringComparison.Ordinal));
    }

    [Fact]
    public void A_title_its_start_or_the_id_selects_a_review_and_a_non_owner_is_refused_by_the_named_reviews_owner()
    {
        var chat = TwoActive();

        chat.Command("bob", "status search");
        Assert.Contains("**Search service** — in progress · owner carol", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        chat.Command("bob", "status Payments");
        Assert.Contains("**Payments** — in progress · owner alice", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        var paymentsId = chat.ChannelReviews.Single(r => r.Title == "Payments").Id;
        chat.Command("bob", $"summary {paymentsId}");
        Assert.StartsWith("Design summary: Payments", chat.ChannelBotMessages[^1].Text, StringComparison.Ordinal);

        chat.Command("alice", "cancel Search service");
        Assert.Contains("Only carol, who started **Search service**, can cancel it", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        chat.Command("alice", "cancel pay");
        Assert.Equal(ReviewStatus.Cancelled, chat.ChannelReviews.Single(r => r.Title == "Payments").Status);

        // One active review left: a command without a title means it; no question asked.
        chat.Command("bob", "status");
        Assert.Contains("**Search service** — in progress", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
    }

    [Fact]
    public void A_title_start_that_fits_several_reviews_asks_which_of_those()
    {
        var chat = TwoActive();
        chat.Command("bob", "start Search ranking");

        chat.Command("alice", "status search");

        var buttons = chat.ChannelBotMessages[^1].Body!.Blocks.OfType<ButtonsBlock>().Single().Buttons;
        Assert.Equal(["Search ranking (bob)", "Search service (carol)"], buttons.Select(b => b.Text));
    }
}
