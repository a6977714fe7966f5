using DesignBot.Core.Reviews;
using DesignBot.Testing;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>The review card is the one live view, updated in place; `/design status` answers the asker alone and copies no card.</summary>
public class LiveCardTests
{
    [Fact]
    public void A_cancelled_reviews_card_says_cancelled_and_shows_no_step_in_progress()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Reply("bob", "scope", "Merchants need it");
        Assert.Contains("▶ Scope 1/10", ChatSimulator.AllText(chat.ChannelBotMessages[0]));

        chat.Command("alice", "cancel");

        var card = chat.ChannelBotMessages[0];
        var text = ChatSimulator.AllText(card);
        Assert.True(card.Edited);
        Assert.Contains("Design review: Payments (cancelled)", text);
        Assert.Contains("Cancelled 2026-11-26", text);
        Assert.DoesNotContain("▶", text);
        Assert.Contains("○ Scope 1/10", text);
        // Still one card: the cancel updated it in place.
        Assert.Single(chat.Sends, s => s.Kind == FakeSendKind.Post && s.Message.Key == ReviewState.CardKey);
    }

    [Fact]
    public void A_completed_reviews_card_says_done()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        foreach (var step in chat.Template.Steps)
            chat.Reply("bob", step.Id, "done");

        var text = ChatSimulator.AllText(chat.ChannelBotMessages[0]);
        Assert.Equal(ReviewStatus.Completed, chat.Review!.Status);
        Assert.Contains("Design review: Payments (done)", text);
        Assert.Contains("✓ Scope 0/10 · ✓ API 0/3", text);
        Assert.DoesNotContain("▶", text);
    }

    [Fact]
    public void Status_answers_only_the_asker_with_the_state_and_the_live_view_and_posts_no_card_copy()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Reply("carol", "scope", "Merchants need it");
        var cardsBefore = chat.Sends.Count(s => s.Message.Body.FallbackText.StartsWith("Design review:", StringComparison.Ordinal));
        var reviewVersion = chat.Snapshot!.Version;

        chat.Command("bob", "status");

        var status = chat.ChannelBotMessages[^1];
        Assert.Equal("U-bob", status.VisibleTo);
        var text = ChatSimulator.AllText(status);
        Assert.Contains("**Payments** — in progress · owner alice", text);
        Assert.Contains("▶ Scope 1/10", text);
        Assert.Contains("▶ **Scope** waits on Q2/10: Who is our user? — answer in its thread.", text);
        Assert.Contains("Next: API, Data model, Sizing, High-level, Detailed", text);
        Assert.Contains("The review card at the top of this review in the channel is the live view", text);
        Assert.Contains("Design document: https://bot.example/reviews/r1?sig=x", text);
        // No second card anywhere, and a read changes nothing in the review.
        Assert.Equal(cardsBefore, chat.Sends.Count(s => s.Message.Body.FallbackText.StartsWith("Design review:", StringComparison.Ordinal)));
        Assert.Equal(reviewVersion, chat.Snapshot!.Version);
    }

    [Fact]
    public void Status_and_list_are_right_after_every_review_was_cancelled()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Command("carol", "start Search service");
        chat.Command("alice", "cancel Payments");
        chat.Command("carol", "cancel Search");

        chat.Command("bob", "status");
        var status = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("**Search service** — cancelled", status);
        Assert.Contains("Cancelled 2026-11-26", status);
        Assert.DoesNotContain("▶", status);
        Assert.DoesNotContain("in progress", status);

        chat.Command("bob", "list");
        var list = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("Search service | Cancelled | carol", list);
        Assert.Contains("Payments | Cancelled | alice", list);
        Assert.DoesNotContain("Active", list);
    }
}
