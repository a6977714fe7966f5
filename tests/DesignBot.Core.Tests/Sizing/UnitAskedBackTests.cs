using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>A size typed without a unit, in the sizing thread: asked back, kept as text, used once the unit is given.</summary>
public class UnitAskedBackTests
{
    [Fact]
    public void A_size_without_a_unit_is_asked_back_kept_as_text_and_used_once_given()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        foreach (var text in new[] { "10M", "2", "100:1", "1 KB" })
            chat.Reply("bob", "sizing", text);
        chat.Reply("bob", "sizing", "1e7");

        var asked = ChatSimulator.AllText(chat.BotMessagesIn("sizing")[^2]);
        Assert.Contains("I couldn't read a size from \"1e7\": 1e7 what — bytes, KB, MB or GB? — I kept your reply", asked);
        var kept = chat.Answers.Single(a => a.QuestionId == "media-size");
        Assert.Equal((AnswerKind.Unread, "1e7", (double?)null), (kept.Kind, kept.Text, kept.Number));

        chat.Reply("bob", "sizing", "done");
        var estimate = chat.BotMessagesIn("sizing").Single(m => m.Text == "Sizing estimate");
        var shown = ChatSimulator.AllText(estimate);
        Assert.Contains("media size (its unit)", shown);
        Assert.Contains("Q5 (bob): I couldn't read a size from \"1e7\"", shown);

        chat.Reply("bob", "sizing", "q5: 1e7 bytes");
        shown = ChatSimulator.AllText(chat.Messages.Single(m => m.Id == estimate.Id));
        Assert.Contains("Media size: 10 MB (bob)", shown);
        Assert.DoesNotContain("Kept as text", shown);
    }
}
