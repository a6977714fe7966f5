using System.Text.Json;
using DesignBot.Core.Events;
using DesignBot.Slack.Tests.Fakes;

namespace DesignBot.Slack.Tests;

public sealed class SlackMapperTests
{
    private static readonly SlackIdentity s_self = new(FakeSlack.TeamId, FakeSlack.BotUserId, FakeSlack.BotId);
    private const string Channel = "C0DESIGN";
    private const string Thread = "1726133698.626339";

    private static SlackMapResult Events(string json, Func<string, string?>? names = null) =>
        SlackMapper.FromEventsBody(JsonDocument.Parse(json).RootElement, s_self, names);

    [Fact]
    public void A_reply_mentioning_a_member_not_known_yet_leaves_the_mention_to_be_named_after_the_ack()
    {
        var reply = Assert.IsType<ThreadReplyEvent>(Events(SlackPayloads.EventCallback("Ev10", SlackPayloads.Message(Channel, "UALICE", "<@UBOB> sure, take your time", "1726133700.000900", Thread))).Event);
        Assert.Equal("@UBOB sure, take your time", reply.Text);
        Assert.Equal(["UBOB"], reply.UnnamedMentions);
    }

    [Fact]
    public void A_reply_in_a_thread_is_a_thread_reply_at_its_slack_time()
    {
        var mapped = Events(SlackPayloads.EventCallback("Ev01", SlackPayloads.Message(Channel, "UALICE", "10M &amp; growing", "1726133700.887259", Thread)));

        var reply = Assert.IsType<ThreadReplyEvent>(mapped.Event);
        Assert.Equal("slack-Ev01", reply.EventId);
        Assert.Equal(new ChannelRef("slack", Channel), reply.Channel);
        Assert.Equal(Channel, reply.Channel.Address);
        Assert.Equal("UALICE", reply.User.Id);
        Assert.Equal("", reply.User.Name);
        Assert.Equal(Thread, reply.ThreadId);
        Assert.Equal("1726133700.887259", reply.MessageId);
        Assert.Equal("10M & growing", reply.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1726133700).AddTicks(8872590), reply.At);
    }

    [Fact]
    public void The_same_delivery_maps_to_the_same_event_id()
    {
        var body = SlackPayloads.EventCallback("Ev02", SlackPayloads.Message(Channel, "UALICE", "hi", "1726133700.000100", Thread));
        Assert.Equal(Events(body).Event!.EventId, Events(body).Event!.EventId);
    }

    [Fact]
    public void A_channel_message_outside_a_thread_is_no_event() =>
        Assert.Null(Events(SlackPayloads.EventCallback("Ev03", SlackPayloads.Message(Channel, "UALICE", "lunch?", "1726133700.000100", null))).Event);

    [Fact]
    public void The_bots_own_messages_and_other_bots_messages_are_ignored()
    {
        var own = new { type = "message", user = FakeSlack.BotUserId, text = "Q2/9", ts = "1726133700.000200", thread_ts = Thread, channel = Channel };
        var ownByBotId = new { type = "message", user = "UOTHER", bot_id = FakeSlack.BotId, text = "Q2/9", ts = "1726133700.000200", thread_ts = Thread, channel = Channel };
        var otherBot = new { type = "message", user = "UB2", bot_id = "B999", text = "beep", ts = "1726133700.000300", thread_ts = Thread, channel = Channel };
        var classicBot = new { type = "message", subtype = "bot_message", bot_id = "B999", text = "beep", ts = "1726133700.000400", thread_ts = Thread, channel = Channel };
        foreach (var inner in new object[] { own, ownByBotId, otherBot, classicBot })
        {
            var mapped = Events(SlackPayloads.EventCallback("Ev04", inner));
            Assert.Null(mapped.Event);
            Assert.Null(mapped.Error);
        }
    }

    [Fact]
    public void A_mention_that_starts_the_message_is_a_command_like_the_slash_command()
    {
        var mapped = Events(SlackPayloads.EventCallback("Ev05", SlackPayloads.Mention(Channel, "UALICE", $"<@{FakeSlack.BotUserId}> start URL shortener &amp; more", "1726133700.000500")));

        var command = Assert.IsType<CommandEvent>(mapped.Event);
        Assert.Equal("start URL shortener & more", command.Text);
        Assert.Equal("1726133700.000500", command.MessageId);
        Assert.Null(command.ThreadId);
    }

    [Fact]
    public void A_mention_in_a_thread_is_a_command_of_that_thread_and_its_message_event_is_not_a_reply()
    {
        var text = $"<@{FakeSlack.BotUserId}> status";
        var command = Assert.IsType<CommandEvent>(Events(SlackPayloads.EventCallback("Ev06", SlackPayloads.Mention(Channel, "UALICE", text, "1726133700.000600", Thread))).Event);
        Assert.Equal(Thread, command.ThreadId);
        Assert.Equal("status", command.Text);

        Assert.Null(Events(SlackPayloads.EventCallback("Ev07", SlackPayloads.Message(Channel, "UALICE", text, "1726133700.000600", Thread))).Event);
    }

    [Fact]
    public void A_mention_later_in_a_reply_is_read_as_the_reply_only()
    {
        var text = $"as <@{FakeSlack.BotUserId}> said, 3 regions";
        Assert.Null(Events(SlackPayloads.EventCallback("Ev08", SlackPayloads.Mention(Channel, "UALICE", text, "1726133700.000700", Thread))).Event);
        var reply = Assert.IsType<ThreadReplyEvent>(Events(SlackPayloads.EventCallback("Ev09", SlackPayloads.Message(Channel, "UALICE", text, "1726133700.000700", Thread)), id => id == FakeSlack.BotUserId ? "DesignBot" : null).Event);
        Assert.Equal("as @DesignBot said, 3 regions", reply.Text);
    }

    [Fact]
    public void An_edit_of_a_reply_is_an_edit_with_its_original_time()
    {
        var mapped = Events(SlackPayloads.EventCallback("Ev10", SlackPayloads.Edit(Channel, "UBOB", "final &lt;answer&gt;", "1726133700.000800", Thread, "draft", "1726133760.000100")));

        var edit = Assert.IsType<ReplyEditedEvent>(mapped.Event);
        Assert.Equal("final <answer>", edit.Text);
        Assert.Equal("1726133700.000800", edit.MessageId);
        Assert.Equal(Thread, edit.ThreadId);
        Assert.Equal("UBOB", edit.User.Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1726133700).AddTicks(8000), edit.SentAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1726133760).AddTicks(1000), edit.At);
    }

    [Fact]
    public void A_change_that_keeps_the_text_a_thread_parents_change_and_a_bots_change_are_no_events()
    {
        Assert.Null(Events(SlackPayloads.EventCallback("Ev11", SlackPayloads.Edit(Channel, "UBOB", "same", "1726133700.000800", Thread, "same", "1726133760.000100"))).Event);
        var parent = new
        {
            type = "message",
            subtype = "message_changed",
            channel = Channel,
            ts = "1726133761.000000",
            message = new { type = "message", user = "UBOB", text = "root", ts = Thread, thread_ts = Thread, reply_count = 3 },
            previous_message = new { type = "message", user = "UBOB", text = "root", ts = Thread, thread_ts = Thread, reply_count = 2 },
        };
        Assert.Null(Events(SlackPayloads.EventCallback("Ev12", parent)).Event);
        var bot = new
        {
            type = "message",
            subtype = "message_changed",
            channel = Channel,
            ts = "1726133761.000000",
            message = new { type = "message", user = FakeSlack.BotUserId, bot_id = FakeSlack.BotId, text = "card", ts = "1726133700.000900", thread_ts = Thread },
        };
        Assert.Null(Events(SlackPayloads.EventCallback("Ev13", bot)).Event);
    }

    [Fact]
    public void A_deleted_reply_is_a_deletion_by_its_author()
    {
        var deletion = Assert.IsType<ReplyDeletedEvent>(Events(SlackPayloads.EventCallback("Ev14", SlackPayloads.Deletion(Channel, "UCAROL", "1726133700.001000", Thread, "1726133800.000100"))).Event);
        Assert.Equal("1726133700.001000", deletion.MessageId);
        Assert.Equal(Thread, deletion.ThreadId);
        Assert.Equal("UCAROL", deletion.User.Id);
    }

    [Fact]
    public void A_slash_command_is_a_command_with_the_prefix_stripped_and_its_trigger_as_event_id()
    {
        var form = new Dictionary<string, string>
        {
            ["command"] = "/design", ["text"] = "start Chat &amp; feeds", ["channel_id"] = Channel, ["user_id"] = "UALICE", ["trigger_id"] = "398738663015.47445629121.803a",
        };
        var now = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var command = Assert.IsType<CommandEvent>(SlackMapper.FromCommand(form, now).Event);
        Assert.Equal("start Chat & feeds", command.Text);
        Assert.Equal(now, command.At);
        Assert.StartsWith("slack-cmd-", command.EventId, StringComparison.Ordinal);
        Assert.Equal(command.EventId, SlackMapper.FromCommand(form, now.AddSeconds(5)).Event!.EventId);
        Assert.Null(command.MessageId);
    }

    [Theory]
    [InlineData("command")]
    [InlineData("channel_id")]
    [InlineData("user_id")]
    [InlineData("trigger_id")]
    public void A_slash_command_without_a_required_field_is_malformed(string missing)
    {
        var form = new Dictionary<string, string> { ["command"] = "/design", ["text"] = "help", ["channel_id"] = Channel, ["user_id"] = "UALICE", ["trigger_id"] = "1.2.3" };
        form.Remove(missing);
        Assert.Contains(missing, SlackMapper.FromCommand(form, DateTimeOffset.UtcNow).Error);
    }

    [Fact]
    public void A_button_press_carries_the_neutral_buttons_action_id_and_value()
    {
        var payload = SlackPayloads.BlockActionsPayload(Channel, "UBOB", "1726133700.001100", Thread, "designbot.skip#0", "r1|scope|0", "1726133705.123456");
        var press = Assert.IsType<ButtonPressedEvent>(SlackMapper.FromInteraction(JsonDocument.Parse(payload).RootElement).Event);
        Assert.Equal("designbot.skip", press.ActionId);
        Assert.Equal("r1|scope|0", press.Value);
        Assert.Equal(Thread, press.ThreadId);
        Assert.Equal("1726133700.001100", press.MessageId);
        Assert.Equal("UBOB", press.User.Id);
    }

    [Fact]
    public void Interactions_other_than_button_presses_are_no_events()
    {
        Assert.Null(SlackMapper.FromInteraction(JsonDocument.Parse("""{"type":"view_submission","user":{"id":"U1"}}""").RootElement).Event);
        Assert.Null(SlackMapper.FromInteraction(JsonDocument.Parse("""{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"a"}]}""").RootElement).Event);
    }

    [Fact]
    public void Url_verification_answers_the_challenge() =>
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", Events("""{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""").Challenge);

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("{}", "\"type\"")]
    [InlineData("""{"type":"event_callback","event":{}}""", "event_id")]
    [InlineData("""{"type":"event_callback","event_id":"a/b","event":{}}""", "event_id")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1","event":"x"}""", "\"event\" object")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1","event":{"type":"message","ts":"1.2"}}""", "channel")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel":"C1","user":"U1","ts":"soon","thread_ts":"1.1"}}""", "timestamp")]
    [InlineData("""{"type":"url_verification"}""", "challenge")]
    public void Malformed_bodies_say_why(string json, string reason) => Assert.Contains(reason, Events(json).Error);

    [Fact]
    public void Decoding_reads_slack_markup_as_the_member_meant_it()
    {
        Func<string, string?> names = id => id == "U123" ? "Ada" : null;
        Assert.Equal("see Docs (https://x.example/a?b=1&c=2) and https://y.example", SlackMarkup.Decode("see <https://x.example/a?b=1&amp;c=2|Docs> and <https://y.example>", names));
        Assert.Equal("@Ada and @U999 and @bob", SlackMarkup.Decode("<@U123> and <@U999> and <@U555|bob>", names));
        // Only the mention shown as an id is left for the pipeline to name after the ack.
        Assert.Equal(["U999"], SlackMarkup.UnnamedMentions("<@U123> and <@U999> and <@U555|bob> and <@U999>", names));
        Assert.Equal("#general and #C777", SlackMarkup.Decode("<#C123|general> and <#C777>", names));
        Assert.Equal("@here 1 < 2 && 3 > 2 &lt;", SlackMarkup.Decode("<!here> 1 &lt; 2 &amp;&amp; 3 &gt; 2 &amp;lt;", names));
        Assert.Equal("mail a@b.example", SlackMarkup.Decode("mail <mailto:a@b.example|a@b.example>", names));
    }

    [Fact]
    public void Slack_timestamps_read_to_the_microsecond()
    {
        Assert.True(SlackTs.TryParse("1726133700.887259", out var at));
        Assert.Equal("1726133700.887259", SlackTs.Format(at));
        Assert.False(SlackTs.TryParse("17261.33.1", out _));
        Assert.False(SlackTs.TryParse("-1.0", out _));
        Assert.False(SlackTs.TryParse("", out _));
    }
}
