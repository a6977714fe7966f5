using System.Text.Json;
using DesignBot.Core.Messages;

namespace DesignBot.Playground.Tests;

public sealed class PlaygroundCardWriterTests
{
    private sealed record FutureBlock(string Anything) : Block;

    private static JsonElement Write(params Block[] blocks) =>
        JsonDocument.Parse(PlaygroundCardWriter.Write(new NeutralMessage("fallback", blocks))).RootElement;

    private static JsonElement Single(params Block[] blocks) => Write(blocks).GetProperty("blocks").EnumerateArray().Single();

    [Fact]
    public void The_card_carries_the_fallback_text_and_its_blocks_in_order()
    {
        var card = Write(new HeaderBlock("Design review: Chat"), new TextBlock("**Step 1/6**"), new ContextBlock("Answer in the thread."));
        Assert.Equal("fallback", card.GetProperty("fallbackText").GetString());
        var blocks = card.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "text", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("Design review: Chat", blocks[0].GetProperty("text").GetString());
        Assert.Equal("**Step 1/6**", blocks[1].GetProperty("markdown").GetString());
        Assert.Equal("Answer in the thread.", blocks[2].GetProperty("text").GetString());
    }

    [Fact]
    public void Fields_progress_and_buttons_have_the_page_s_names_and_lower_case_states()
    {
        var fields = Single(new FieldsBlock([new Field("Owner", "alice")])).GetProperty("fields")[0];
        Assert.Equal(("Owner", "alice"), (fields.GetProperty("label").GetString(), fields.GetProperty("value").GetString()));

        var items = Single(new ProgressBlock([new ProgressItem("Scope", 9, 9, ProgressState.Done), new ProgressItem("API", 1, 3, ProgressState.Active), new ProgressItem("Data", 0, 5, ProgressState.NotStarted)]))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["done", "active", "notStarted"], items.Select(i => i.GetProperty("state").GetString()));
        Assert.Equal((1, 3), (items[1].GetProperty("done").GetInt32(), items[1].GetProperty("total").GetInt32()));

        var buttons = Single(new ButtonsBlock([new Button("Skip", "designbot.skip", "v1"), new Button("Finish step", "designbot.finish", "v2", ButtonStyle.Primary), new Button("Cancel", "designbot.cancel", "v3", ButtonStyle.Danger)]))
            .GetProperty("buttons").EnumerateArray().ToList();
        Assert.Equal(["default", "primary", "danger"], buttons.Select(b => b.GetProperty("style").GetString()));
        Assert.Equal(("Finish step", "designbot.finish", "v2"), (buttons[1].GetProperty("text").GetString(), buttons[1].GetProperty("actionId").GetString(), buttons[1].GetProperty("value").GetString()));
    }

    [Fact]
    public void Tables_links_and_documents_are_written_whole()
    {
        var table = Single(new TableBlock(["Figure", "Value"], [["Write QPS", "231 writes/s"]]));
        Assert.Equal("Figure", table.GetProperty("columns")[0].GetString());
        Assert.Equal("231 writes/s", table.GetProperty("rows")[0][1].GetString());

        var link = Single(new LinksBlock([new Link("Design document", "http://localhost/reviews/r1?sig=x")])).GetProperty("links")[0];
        Assert.Equal(("Design document", "http://localhost/reviews/r1?sig=x"), (link.GetProperty("text").GetString(), link.GetProperty("url").GetString()));

        var document = Single(new DocumentBlock("chat.md", "text/markdown", "# Chat\n<b>typed</b>"));
        Assert.Equal(("chat.md", "text/markdown", "# Chat\n<b>typed</b>"), (document.GetProperty("fileName").GetString(), document.GetProperty("mediaType").GetString(), document.GetProperty("content").GetString()));
    }

    [Fact]
    public void A_block_the_playground_does_not_know_is_marked_unsupported_not_dropped_or_dumped()
    {
        var block = Single(new FutureBlock("secret-ish internals"));
        Assert.Equal("unsupported", block.GetProperty("type").GetString());
        Assert.DoesNotContain("secret-ish internals", block.GetRawText());
    }

    [Fact]
    public void A_mention_reads_at_name()
    {
        var block = Single(new MentionsBlock("So far in this review:", [new Core.Events.UserRef("alice", "alice"), new Core.Events.UserRef("bob", "bob")]));
        Assert.Equal("text", block.GetProperty("type").GetString());
        Assert.Equal("So far in this review: @alice @bob", block.GetProperty("markdown").GetString());
    }
}
