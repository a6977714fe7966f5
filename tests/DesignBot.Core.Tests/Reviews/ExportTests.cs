using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>`/design export` and `/design export adr`: files in the review card's thread.</summary>
public class ExportTests
{
    [Fact]
    public void Export_adr_posts_the_decision_records_as_a_file_in_the_cards_thread()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments --parallel");
        chat.Reply("bob", "detailed", "q13: Postgres over DynamoDB because we need transactions\nShard by merchant id");

        chat.Command("carol", "export adr");

        var export = chat.BotMessagesInThread(chat.CardThread)[^1].Body!;
        var file = Assert.Single(export.Blocks.OfType<DocumentBlock>());
        Assert.Equal(("payments-decisions.md", "text/markdown"), (file.FileName, file.MediaType));
        Assert.Contains("## ADR 1: Postgres\n", file.Content);
        Assert.Contains("## ADR 2: Shard by merchant id\n", file.Content);
        Assert.Contains("2 decision records", ChatSimulator.AllText(export));
        Assert.Contains(export.Blocks.OfType<LinksBlock>().Single().Links, l => l.Text == "Decision records" && l.Url == "https://bot.example/reviews/r1.adr.md?sig=x".Replace("r1", chat.Review!.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Export_adr_on_a_template_without_decision_records_says_so_and_the_document_does_not_offer_them()
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", "start Orders --template api-review");
        Assert.Null(TemplateCatalog.BuiltIn.Find("api-review")!.DecisionRecordsSection);

        chat.Command("carol", "export adr");
        var reply = chat.Messages.Last(m => m.IsBot).Body!;
        Assert.Empty(reply.Blocks.OfType<DocumentBlock>());
        Assert.Contains("The **API review** template marks no section as decision records, so **Orders** has none to export", ChatSimulator.AllText(reply));

        chat.Command("carol", "export");
        var document = Assert.Single(chat.Messages.Last(m => m.IsBot).Body!.Blocks.OfType<DocumentBlock>());
        Assert.DoesNotContain("Decision records", document.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_adr_names_the_review_after_the_format_word_and_plain_export_is_the_document()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Command("carol", "start Search service");

        chat.Command("bob", "export adr Payments");
        var adr = chat.Messages.Last(m => m.IsBot).Body!;
        Assert.Contains("Architecture decision records: Payments", Assert.Single(adr.Blocks.OfType<DocumentBlock>()).Content);

        chat.Command("bob", "export Search");
        var document = Assert.Single(chat.Messages.Last(m => m.IsBot).Body!.Blocks.OfType<DocumentBlock>());
        Assert.Equal("search-service.md", document.FileName);
        Assert.StartsWith("# Search service\n", document.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_card_links_to_the_architecture_picture()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Command("alice", "summary");
        var links = chat.ChannelBotMessages[^1].Body!.Blocks.OfType<LinksBlock>().Single().Links;
        Assert.Equal(("Architecture", $"https://bot.example/reviews/{chat.Review!.Id}?sig=x#architecture"), (links[^1].Text, links[^1].Url));
    }
}
