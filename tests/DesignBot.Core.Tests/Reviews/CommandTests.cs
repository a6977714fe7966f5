using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

public class CommandTests
{
    [Theory]
    [InlineData("start URL shortener", CommandName.Start, "URL shortener", false)]
    [InlineData("start URL shortener --parallel", CommandName.Start, "URL shortener", true)]
    [InlineData("  START   --parallel Chat app ", CommandName.Start, "Chat app", true)]
    [InlineData("/design status", CommandName.Status, "", false)]
    [InlineData("list", CommandName.List, "", false)]
    [InlineData("summary Chat", CommandName.Summary, "Chat", false)]
    [InlineData("export", CommandName.Export, "", false)]
    [InlineData("cancel", CommandName.Cancel, "", false)]
    [InlineData("", CommandName.Help, "", false)]
    [InlineData("help", CommandName.Help, "", false)]
    [InlineData("frobnicate now", CommandName.Unknown, "now", false)]
    [InlineData("templates", CommandName.Templates, "", false)]
    [InlineData("due 2026-12-18", CommandName.Due, "2026-12-18", false)]
    [InlineData("remind", CommandName.Remind, "", false)]
    [InlineData("snooze in 2 days", CommandName.Snooze, "in 2 days", false)]
    [InlineData("close", CommandName.Close, "", false)]
    [InlineData("reopen api", CommandName.Reopen, "api", false)]
    public void Parses_channel_commands(string text, CommandName name, string argument, bool parallel)
    {
        var command = CommandParser.Parse(text);
        Assert.Equal(name, command.Name);
        Assert.Equal(argument, command.Argument);
        Assert.Equal(parallel, command.Parallel);
    }

    [Theory]
    [InlineData("start Photo sharing --due in 5 days --tz Europe/Berlin", "Photo sharing", "due=in 5 days|tz=Europe/Berlin")]
    [InlineData("start Photo sharing --parallel --template api-review", "Photo sharing", "template=api-review")]
    [InlineData("start A -- B —due friday", "A -- B", "due=friday")]
    [InlineData("snooze monday", "monday", "")]
    [InlineData("export adr --flag", "adr", "flag=")]
    public void Reads_options_after_the_argument(string text, string argument, string options)
    {
        var command = CommandParser.Parse(text);
        Assert.Equal(argument, command.Argument);
        Assert.Equal(options, string.Join("|", command.Options.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")));
    }

    [Theory]
    [InlineData("skip", ThreadWord.Skip)]
    [InlineData("Next", ThreadWord.Skip)]
    [InlineData("back", ThreadWord.Back)]
    [InlineData("done.", ThreadWord.Done)]
    [InlineData("help", ThreadWord.Help)]
    [InlineData("skip the cache for now", ThreadWord.None)]
    public void Recognizes_thread_words_only_as_whole_replies(string text, ThreadWord word) =>
        Assert.Equal(word, ThreadInputParser.Parse(text).Word);

    [Theory]
    [InlineData("q3: use Redis", 3, "use Redis")]
    [InlineData("Q12 : text", 12, "text")]
    [InlineData("#4 list links", 4, "list links")]
    [InlineData("#4: list links", 4, "list links")]
    [InlineData("quick answer", null, "quick answer")]
    public void Reads_explicit_question_prefixes(string text, int? question, string rest)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal(question, input.ExplicitQuestion);
        Assert.Equal(rest, input.Text);
    }

    [Fact]
    public void Only_the_owner_can_cancel()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Payments");
        chat.Command("bob", "cancel");
        Assert.Contains("Only alice, who started **Payments**, can cancel it", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        Assert.Equal(ReviewStatus.Active, chat.Review!.Status);

        chat.Command("alice", "cancel");
        Assert.Equal(ReviewStatus.Cancelled, chat.Review!.Status);
        Assert.Contains("Cancelled", ChatSimulator.AllText(chat.ChannelBotMessages[0]));
    }

    [Fact]
    public void Unknown_commands_get_the_help_text_and_start_without_title_explains_itself()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "frobnicate");
        Assert.Contains("I don't know `frobnicate`", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        Assert.Contains("/design start <title>", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));

        chat.Command("alice", "start");
        Assert.Contains("Give the review a title", chat.ChannelBotMessages[^1].Text);
        Assert.Null(chat.Review);
    }

    [Fact]
    public void Status_list_summary_and_export_work_on_the_channels_review()
    {
        var chat = new ChatSimulator();
        chat.Command("bob", "status");
        Assert.Contains("no design review", chat.ChannelBotMessages[^1].Text);

        chat.Command("alice", "start Payments");
        chat.Reply("carol", "scope", "Merchants need it");

        chat.Command("bob", "status");
        Assert.Contains("▶ Scope 1/10", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));
        Assert.Equal("U-bob", chat.ChannelBotMessages[^1].VisibleTo);
        Assert.Single(chat.ChannelBotMessages, m => m.Text.StartsWith("Design review:", StringComparison.Ordinal));

        chat.Command("bob", "list");
        Assert.Contains("Payments | Active | alice", ChatSimulator.AllText(chat.ChannelBotMessages[^1]));

        chat.Command("bob", "export");
        var export = ChatSimulator.AllText(chat.BotMessagesInThread(chat.CardThread)[^1]); // in the review card's thread
        Assert.Contains("# Payments", export);
        Assert.Contains("> Merchants need it", export);
    }
}
