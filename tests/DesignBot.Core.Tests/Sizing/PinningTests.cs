using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>`use bob's` / `pin q5` / `unpin q5` in the sizing thread, as a chat: only the owner pins; the estimate follows in place.</summary>
public class PinningTests
{
    private static (ChatSimulator Chat, ChatMessage Estimate) SizedWithAConflict()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        foreach (var (user, text) in new[] { ("bob", "10M"), ("bob", "2"), ("carol", "100:1"), ("carol", "1 KB"), ("bob", "2 MB") })
            chat.Reply(user, "sizing", text);
        chat.Reply("carol", "sizing", "q5: 50 KB");
        chat.Reply("bob", "sizing", "done");
        return (chat, chat.BotMessagesIn("sizing").Single(m => m.Text == "Sizing estimate"));
    }

    private static string Shown(ChatSimulator chat, ChatMessage estimate) => ChatSimulator.AllText(chat.Messages.Single(m => m.Id == estimate.Id));

    [Fact]
    public void The_estimate_shows_the_latest_value_and_the_other_members_value()
    {
        var (chat, estimate) = SizedWithAConflict();
        Assert.Contains("Media size: 50 KB (carol, latest) — bob said 2 MB", Shown(chat, estimate));
    }

    [Fact]
    public void The_owner_pins_a_members_value_and_the_estimate_is_updated_in_place()
    {
        var (chat, estimate) = SizedWithAConflict();
        chat.Reply("alice", "sizing", "use bob's for q5");

        Assert.Contains("Pinned bob's answer to Q5 (\"2 MB\")", chat.LastBotMessageIn("sizing").Text);
        var shown = Shown(chat, estimate);
        Assert.Contains("Media size: 2 MB (bob, pinned by alice) — carol said 50 KB", shown);
        Assert.Single(chat.BotMessagesIn("sizing"), m => m.Text == "Sizing estimate");
        Assert.Single(chat.Review!.Pins);

        // A later answer does not replace the pinned one; it is listed beside it.
        chat.Reply("dave", "sizing", "q5: 3 MB");
        Assert.Contains("Media size: 2 MB (bob, pinned by alice) — carol said 50 KB, dave said 3 MB", Shown(chat, estimate));

        chat.Reply("alice", "sizing", "unpin q5");
        Assert.Contains("Unpinned Q5", chat.LastBotMessageIn("sizing").Text);
        Assert.Contains("Media size: 3 MB (dave, latest) — bob said 2 MB, carol said 50 KB", Shown(chat, estimate));
    }

    [Fact]
    public void Pin_q5_keeps_the_value_used_now()
    {
        var (chat, estimate) = SizedWithAConflict();
        chat.Reply("alice", "sizing", "pin q5");
        Assert.Contains("Pinned carol's answer to Q5 (\"50 KB\")", chat.LastBotMessageIn("sizing").Text);
        chat.Reply("bob", "sizing", "q5: 4 MB");
        Assert.Contains("Media size: 50 KB (carol, pinned by alice) — bob said 4 MB", Shown(chat, estimate));
    }

    [Fact]
    public void Only_the_owner_may_pin_and_nothing_changes_otherwise()
    {
        var (chat, estimate) = SizedWithAConflict();
        var before = Shown(chat, estimate);
        chat.Reply("carol", "sizing", "use bob's");
        Assert.Contains("Only alice, who owns this review, can pin a value", chat.LastBotMessageIn("sizing").Text);
        Assert.Empty(chat.Review!.Pins);
        Assert.Equal(before, Shown(chat, estimate));
        Assert.DoesNotContain(chat.Answers, a => a.Text.Contains("bob's", StringComparison.Ordinal)); // a thread word, not an answer
    }

    [Fact]
    public void Pinning_someone_without_an_answer_says_so()
    {
        var (chat, _) = SizedWithAConflict();
        chat.Reply("alice", "sizing", "use zoe's for q5");
        Assert.Contains("zoe has no answer in this step to pin.", chat.LastBotMessageIn("sizing").Text);
        chat.Reply("alice", "sizing", "use bob's for q4");
        Assert.Contains("bob has no answer to Q4 to pin.", chat.LastBotMessageIn("sizing").Text);
        Assert.Empty(chat.Review!.Pins);
    }

    [Fact]
    public void A_pin_survives_the_store_round_trip()
    {
        var (chat, _) = SizedWithAConflict();
        chat.Reply("alice", "sizing", "use bob's for q5");
        var json = Json.CoreJson.Serialize(chat.Review!);
        var pin = Assert.Single(Json.CoreJson.Deserialize<ReviewState>(json).Pins);
        Assert.Equal(("sizing", "media-size", "alice"), (pin.StepId, pin.QuestionId, pin.PinnedBy));
    }

    [Theory]
    [InlineData("use bob's", ThreadWord.Pin, null, "bob")]
    [InlineData("Use @bob's value for q5", ThreadWord.Pin, 5, "bob")]
    [InlineData("use carol’s for #3.", ThreadWord.Pin, 3, "carol")]
    [InlineData("take bob's", ThreadWord.Pin, null, "bob")]
    [InlineData("pin q5", ThreadWord.Pin, 5, null)]
    [InlineData("pin q5 to bob's", ThreadWord.Pin, 5, "bob")]
    [InlineData("pin question 2", ThreadWord.Pin, 2, null)]
    [InlineData("unpin q5", ThreadWord.Unpin, 5, null)]
    [InlineData("unpin 5", ThreadWord.Unpin, 5, null)]
    public void Pin_words_are_read(string text, ThreadWord word, int? question, string? member)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal((word, question, member), (input.Word, input.ExplicitQuestion, input.Member));
    }

    [Theory]
    [InlineData("use redis for the cache")]
    [InlineData("use bob's idea and cache thumbnails")]
    [InlineData("pin the hot keys to one shard")]
    public void Sentences_that_start_like_a_pin_are_answers(string text) =>
        Assert.Equal(ThreadWord.None, ThreadInputParser.Parse(text).Word);
}
