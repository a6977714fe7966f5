using System.Text.Json.Nodes;
using DesignBot.Core.Messages;

namespace DesignBot.Slack.Tests;

public sealed class SlackBlockKitTests
{
    private static JsonObject Block(SlackMessage m, int i) => m.Blocks[i]!.AsObject();

    private static string TextOf(JsonObject block) => block["text"]!["text"]!.GetValue<string>();

    [Fact]
    public void Every_neutral_block_type_renders_to_block_kit_with_fallback_text()
    {
        var message = new NeutralMessage("Design review: Chat — ✓ Scope 9/9", [
            new HeaderBlock("Design review: Chat"),
            new TextBlock("**Bold**, *italic*, ~~gone~~, `a<b`, [docs](https://x.example/?a=1&b=2)"),
            new FieldsBlock([new Field("Owner", "alice"), new Field("Mode", "one step after another")]),
            new ProgressBlock([new ProgressItem("Scope", 9, 9, ProgressState.Done), new ProgressItem("API", 1, 3, ProgressState.Active), new ProgressItem("Data model", 0, 5, ProgressState.NotStarted)]),
            new ButtonsBlock([new Button("Skip", "designbot.skip", "r|s|0"), new Button("Finish step", "designbot.finish", "r|s|0", ButtonStyle.Primary)]),
            new TableBlock(["Figure", "Value"], [["Writes", "231/s"], ["Reads", "23k/s"]]),
            new ContextBlock("Answer in the thread."),
            new LinksBlock([new Link("Design document", "https://h.example/reviews/1?sig=a"), new Link("Markdown", "https://h.example/reviews/1.md?sig=a")]),
            new DocumentBlock("chat.md", "text/markdown", "# Chat"),
        ]);

        var slack = SlackBlockKit.Render(message);

        Assert.Equal("Design review: Chat — ✓ Scope 9/9", slack.Text);
        Assert.Equal(["header", "section", "section", "section", "actions", "section", "context", "section"], slack.Blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("Design review: Chat", TextOf(Block(slack, 0)));
        Assert.Equal("*Bold*, _italic_, ~gone~, `a&lt;b`, <https://x.example/?a=1&amp;b=2|docs>", TextOf(Block(slack, 1)));
        Assert.Equal("*Owner*\nalice", Block(slack, 2)["fields"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("✓ Scope 9/9 · ▶ API 1/3 · ○ Data model 0/5", TextOf(Block(slack, 3)));
        var buttons = Block(slack, 4)["elements"]!.AsArray();
        Assert.Equal("primary", buttons[1]!["style"]!.GetValue<string>());
        Assert.Equal("r|s|0", buttons[0]!["value"]!.GetValue<string>());
        Assert.Equal("*Figure · Value*\n• Writes · 231/s\n• Reads · 23k/s", TextOf(Block(slack, 5)));
        Assert.Equal("<https://h.example/reviews/1?sig=a|Design document> · <https://h.example/reviews/1.md?sig=a|Markdown>", TextOf(Block(slack, 7)));
        Assert.Equal("chat.md", Assert.Single(slack.Documents).FileName);
    }

    [Fact]
    public void Button_action_ids_are_unique_in_a_message_and_route_back_to_the_neutral_ones()
    {
        var buttons = Enumerable.Range(0, 30).Select(i => new Button($"Option {i}", "designbot.option", $"v{i}")).ToList();
        var slack = SlackBlockKit.Render(new NeutralMessage("Choose", [new ButtonsBlock(buttons)]));

        var elements = slack.Blocks.SelectMany(b => b!["elements"]!.AsArray()).ToList();
        Assert.Equal(2, slack.Blocks.Count); // at most 25 buttons per actions block
        var actionIds = elements.Select(e => e!["action_id"]!.GetValue<string>()).ToList();
        Assert.Equal(30, actionIds.Distinct().Count());
        Assert.All(actionIds, id => Assert.Equal("designbot.option", SlackBlockKit.NeutralActionId(id)));
        Assert.Equal("designbot.with#hash", SlackBlockKit.NeutralActionId("designbot.with#hash#3"));
    }

    [Fact]
    public void Members_markup_stays_text_and_pings_nobody()
    {
        var slack = SlackBlockKit.Render(new NeutralMessage("<!channel> hi", [new TextBlock("<!channel> <@U1> & <b>x</b>")]));
        Assert.Equal("&lt;!channel&gt; &lt;@U1&gt; &amp; &lt;b&gt;x&lt;/b&gt;", TextOf(Block(slack, 0)));
        Assert.Equal("&lt;!channel&gt; hi", slack.Text);
    }

    [Fact]
    public void Every_element_keeps_within_slacks_limits_and_the_shortening_is_said()
    {
        var longText = string.Concat(Enumerable.Repeat("word & more ", 1_000));
        var blocks = new List<Block>
        {
            new HeaderBlock(new string('H', 400)),
            new FieldsBlock([.. Enumerable.Range(0, 14).Select(i => new Field($"F{i}", longText))]),
            new ButtonsBlock([new Button(new string('B', 120), "a", "v")]),
        };
        for (var i = 0; i < 70; i++)
            blocks.Add(new TextBlock(longText));
        blocks.Add(new ListBlock("Answers", [.. Enumerable.Range(0, 200).Select(i => $"answer {i} " + longText[..500])], "answer"));
        blocks.Add(new LinksBlock([new Link("Design document", "https://h.example/reviews/1?sig=a")]));

        var slack = SlackBlockKit.Render(new NeutralMessage(longText, blocks));

        Assert.InRange(slack.Blocks.Count, 1, SlackBlockKit.MaxBlocks);
        Assert.InRange(slack.BlockTextChars, 1, SlackBlockKit.TotalTextChars);
        Assert.InRange(slack.Text.Length, 1, 3_000);
        foreach (var block in slack.Blocks.Select(b => b!.AsObject()))
        {
            switch (block["type"]!.GetValue<string>())
            {
                case "header":
                    Assert.InRange(TextOf(block).Length, 1, 150);
                    break;
                case "section" when block["fields"] is JsonArray fields:
                    Assert.InRange(fields.Count, 1, 10);
                    Assert.All(fields, f => Assert.InRange(f!["text"]!.GetValue<string>().Length, 1, 2_000));
                    break;
                case "section":
                    Assert.InRange(TextOf(block).Length, 1, 3_000);
                    break;
                case "actions":
                    Assert.All(block["elements"]!.AsArray(), e => Assert.InRange(e!["text"]!["text"]!.GetValue<string>().Length, 1, 75));
                    break;
            }
        }
        var all = string.Join("\n", slack.Blocks.Select(b => b!.ToJsonString()));
        // Shortened, and says so; the way to the whole document is kept.
        Assert.Contains("in the design document", all);
        Assert.Contains("https://h.example/reviews/1?sig=a", all);
    }

    [Fact]
    public void A_summary_with_many_long_answers_fits_under_the_cumulative_cap()
    {
        var steps = Enumerable.Range(1, 6).Select(s => (Block)new ListBlock($"{s}. Step", [.. Enumerable.Range(0, 40).Select(i => $"_Question {i}_ " + new string('x', 900) + " — alice")], "answer"));
        var slack = SlackBlockKit.Render(new NeutralMessage("Design summary", [new HeaderBlock("Design summary: Chat"), .. steps, new LinksBlock([new Link("Design document", "https://h.example/d")])]));

        Assert.InRange(slack.BlockTextChars, 1, SlackBlockKit.TotalTextChars);
        var text = string.Join("\n", slack.Blocks.Select(b => b!.ToJsonString()));
        Assert.Contains("more answers in the design document", text);
        Assert.Contains("https://h.example/d", text);
    }

    [Theory]
    [InlineData("# Heading\n- one\n* two", "*Heading*\n• one\n• two")]
    [InlineData("__bold__ and **b** *i* _i_", "*bold* and *b* _i_ _i_")]
    [InlineData("```\nx < y && **z**\n```", "```\nx &lt; y &amp;&amp; **z**\n```")]
    [InlineData("a ` lone tick", "a ` lone tick")]
    [InlineData("2 * 3 * 4", "2 * 3 * 4")]
    [InlineData("[a|b](https://x.example)", "<https://x.example|a¦b>")]
    [InlineData("[js](javascript:alert(1))", "[js](javascript:alert(1))")]
    public void Markdown_becomes_mrkdwn(string markdown, string mrkdwn) => Assert.Equal(mrkdwn, SlackMrkdwn.FromMarkdown(markdown));

    [Fact]
    public void Shortened_mrkdwn_never_cuts_an_entity_or_a_link_in_half()
    {
        var text = string.Concat(Enumerable.Repeat("[link](https://x.example/abc) & ", 200));
        var cut = SlackMrkdwn.FromMarkdown(text, 3_000);
        Assert.InRange(cut.Length, 1, 3_000);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.Equal(cut.Count(c => c == '<'), cut.Count(c => c == '>'));
        Assert.DoesNotMatch("&[a-z]*…$", cut);
    }

    [Fact]
    public void A_mention_notifies_the_member_by_slack_user_id()
    {
        var slack = SlackBlockKit.Render(new NeutralMessage("Scope: Q4 and Q7 are still open.", [
            new TextBlock("⏰ **Scope**: Q4 and Q7 are still open."),
            new MentionsBlock("So far in this review:", [new Core.Events.UserRef("U123ABC", "alice"), new Core.Events.UserRef("U456DEF", "")]),
        ]));

        Assert.Equal("So far in this review: <@U123ABC> <@U456DEF>", TextOf(Block(slack, 1)));
    }
}
