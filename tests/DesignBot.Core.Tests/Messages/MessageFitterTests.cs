using DesignBot.Core.Messages;

namespace DesignBot.Core.Tests.Messages;

public class MessageFitterTests
{
    private static readonly PlatformLimits s_small = new(HeaderChars: 20, TextChars: 300, ItemChars: 40, FieldValueChars: 10, Fields: 2, TableRows: 2, Blocks: 6, TotalChars: 5_000);

    private static string Text(Block block) => block switch
    {
        TextBlock t => t.Markdown,
        ContextBlock c => c.Text,
        HeaderBlock h => h.Text,
        _ => "",
    };

    [Fact]
    public void A_list_keeps_the_items_that_fit_and_says_how_many_it_left_out()
    {
        var items = Enumerable.Range(1, 30).Select(i => $"answer number {i} — bob").ToList();
        var fitted = MessageFitter.Fit(new NeutralMessage("summary", [new ListBlock("1. Scope", items, "answer")]), s_small);

        var text = Assert.IsType<TextBlock>(fitted.Blocks[0]).Markdown;
        var shown = items.Count(i => text.Contains(i + "\n", StringComparison.Ordinal) || text.EndsWith(i, StringComparison.Ordinal));
        Assert.InRange(shown, 1, 29);
        Assert.Contains($"…and {30 - shown} more answers in the design document", text);
        Assert.True(text.Length <= s_small.TextChars);
        Assert.StartsWith("**1. Scope**", text);
    }

    [Fact]
    public void A_list_that_fits_is_shown_whole_without_a_note()
    {
        var fitted = MessageFitter.Fit(new NeutralMessage("s", [new ListBlock("Open items (2):", ["api: Q1", "sizing: Q3"], "open item")]), s_small);

        Assert.Equal("**Open items (2):**\n• api: Q1\n• sizing: Q3", Text(fitted.Blocks[0]));
        Assert.DoesNotContain(fitted.Blocks, b => Text(b) == MessageFitter.ShortenedNote);
    }

    [Fact]
    public void A_long_item_is_shortened_and_the_message_says_so_before_its_links()
    {
        var longAnswer = new string('x', 500);
        var message = new NeutralMessage("s", [new ListBlock("2. API", [longAnswer], "answer"), new LinksBlock([new Link("Design document", "https://x/r/1")])]);

        var fitted = MessageFitter.Fit(message, s_small);

        Assert.DoesNotContain(longAnswer, Text(fitted.Blocks[0]));
        Assert.EndsWith("…", Text(fitted.Blocks[0]));
        Assert.Equal(MessageFitter.ShortenedNote, Text(fitted.Blocks[1]));
        Assert.IsType<LinksBlock>(fitted.Blocks[2]);
    }

    [Fact]
    public void Headers_fields_and_tables_are_cut_to_the_platform_and_what_was_left_out_is_counted()
    {
        var message = new NeutralMessage("s",
        [
            new HeaderBlock("Design summary: a rather long title"),
            new FieldsBlock([new Field("Owner", "alice"), new Field("Participants", "alice, bob, carol"), new Field("Status", "Active")]),
            new TableBlock(["Figure", "Value"], [["a", "1"], ["b", "2"], ["c", "3"], ["d", "4"]]),
        ]);

        var fitted = MessageFitter.Fit(message, s_small);

        Assert.True(Text(fitted.Blocks[0]).Length <= 20);
        var fields = Assert.IsType<FieldsBlock>(fitted.Blocks[1]);
        Assert.Equal(2, fields.Fields.Count);
        Assert.True(fields.Fields[1].Value.Length <= 10);
        Assert.Equal("…and 1 more field in the design document.", Text(fitted.Blocks[2]));
        Assert.Equal(2, Assert.IsType<TableBlock>(fitted.Blocks[3]).Rows.Count);
        Assert.Equal("…and 2 more rows in the design document.", Text(fitted.Blocks[4]));
    }

    [Fact]
    public void Too_many_blocks_keep_the_links_and_count_the_sections_left_out()
    {
        var blocks = Enumerable.Range(1, 10).Select(i => (Block)new TextBlock($"section {i}")).Append(new LinksBlock([new Link("Design document", "https://x")])).ToList();

        var fitted = MessageFitter.Fit(new NeutralMessage("s", blocks), s_small);

        Assert.True(fitted.Blocks.Count <= s_small.Blocks);
        Assert.IsType<LinksBlock>(fitted.Blocks[^1]);
        var kept = fitted.Blocks.OfType<TextBlock>().Count();
        Assert.Contains(fitted.Blocks, b => Text(b) == $"…and {10 - kept} more sections in the design document.");
    }

    [Fact]
    public void A_message_over_the_total_shrinks_its_lists_until_it_fits()
    {
        var limits = s_small with { TextChars = 3_000, ItemChars = 300, TotalChars = 2_000 };
        var lists = Enumerable.Range(1, 6).Select(s => (Block)new ListBlock($"Step {s}", [.. Enumerable.Range(1, 20).Select(i => $"answer {i} of step {s}, with some words in it")], "answer")).ToList();

        var fitted = MessageFitter.Fit(new NeutralMessage("s", lists), limits);

        Assert.True(fitted.Blocks.Sum(b => Text(b).Length) <= 2_000);
        Assert.All(fitted.Blocks.OfType<TextBlock>().Where(t => t.Markdown.StartsWith("**Step", StringComparison.Ordinal)), t => Assert.Contains("more answers in the design document", t.Markdown));
    }
}
