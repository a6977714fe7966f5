using DesignBot.Core.Events;

namespace DesignBot.Playground.Tests;

public sealed class PlaygroundMapperTests
{
    private static readonly DateTimeOffset s_sent = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static PlaygroundMessage Message(string text, string? threadId = null, string id = "pm7", int revision = 0, bool isBot = false) =>
        new(id, threadId, isBot ? "DesignBot" : "bob", isBot, text, null, s_sent, Edited: revision > 0, revision);

    [Theory]
    [InlineData("/design start URL shortener", "start URL shortener")]
    [InlineData("  @DesignBot status", "status")]
    [InlineData("/DESIGN help", "help")]
    [InlineData("/design", "")]
    public void A_channel_message_with_the_command_prefix_is_a_command(string text, string command)
    {
        var inbound = Assert.IsType<CommandEvent>(PlaygroundMapper.FromPost(Message(text)));
        Assert.Equal(command, inbound.Text);
        Assert.Equal("pg-pm7", inbound.EventId);
        Assert.Equal(new UserRef("bob", "bob"), inbound.User);
        Assert.Equal(s_sent, inbound.At);
        Assert.Equal(new ChannelRef("playground", "general"), inbound.Channel);
    }

    [Fact]
    public void A_command_carries_its_message_id_and_in_a_thread_its_thread()
    {
        var inChannel = Assert.IsType<CommandEvent>(PlaygroundMapper.FromPost(Message("/design start Photos")));
        Assert.Equal(("pm7", (string?)null), (inChannel.MessageId, inChannel.ThreadId));

        var inThread = Assert.IsType<CommandEvent>(PlaygroundMapper.FromPost(Message("/design status", threadId: "pm3")));
        Assert.Equal(("status", "pm7", "pm3"), (inThread.Text, inThread.MessageId, inThread.ThreadId));
        Assert.Equal("pm3", inThread.ThreadOf());

        // An edited command is not re-run, nor read as an answer.
        Assert.Null(PlaygroundMapper.FromEdit(Message("/design status", threadId: "pm3"), "/design summary", s_sent));
    }

    [Theory]
    [InlineData("hello all")]
    [InlineData("/designer start")]
    [InlineData("see /design start")]
    public void Other_channel_chatter_is_no_event(string text) => Assert.Null(PlaygroundMapper.FromPost(Message(text)));

    [Fact]
    public void A_thread_message_is_a_reply_at_its_platform_time()
    {
        var reply = Assert.IsType<ThreadReplyEvent>(PlaygroundMapper.FromPost(Message("Long URLs break in SMS", threadId: "pm3")));
        Assert.Equal(("pm3", "pm7", "Long URLs break in SMS", s_sent), (reply.ThreadId, reply.MessageId, reply.Text, reply.At));
    }

    [Fact]
    public void The_same_post_always_maps_to_the_same_event_id()
    {
        var message = Message("an answer", threadId: "pm3");
        Assert.Equal(PlaygroundMapper.FromPost(message)!.EventId, PlaygroundMapper.FromPost(message)!.EventId);
        Assert.NotEqual(PlaygroundMapper.FromPost(message)!.EventId, PlaygroundMapper.FromPost(message with { Id = "pm8" })!.EventId);
    }

    [Fact]
    public void An_edit_is_named_by_the_revision_it_makes_so_a_retry_is_the_same_event()
    {
        var original = Message("first draft", threadId: "pm3");
        var edit = PlaygroundMapper.FromEdit(original, "final answer", s_sent.AddMinutes(1))!;
        Assert.StartsWith("pg-pm7-edit-1-", edit.EventId, StringComparison.Ordinal);
        Assert.Equal(("pm3", "pm7", "final answer", s_sent, s_sent.AddMinutes(1)), (edit.ThreadId, edit.MessageId, edit.Text, edit.SentAt, edit.At));

        // The same request again, later (its time differs): the same event while the edit has not been stored...
        Assert.Equal(edit.EventId, PlaygroundMapper.FromEdit(original, "final answer", s_sent.AddMinutes(5))!.EventId);
        // ...and once it has (the message is at revision 1 with that text).
        var stored = original with { Text = "final answer", Revision = 1 };
        Assert.Equal(edit.EventId, PlaygroundMapper.FromEdit(stored, "final answer", s_sent.AddMinutes(5))!.EventId);
        // A further change is a new edit, also back to an earlier text.
        Assert.StartsWith("pg-pm7-edit-2-", PlaygroundMapper.FromEdit(stored, "first draft", s_sent.AddMinutes(6))!.EventId, StringComparison.Ordinal);
        // An edit that was accepted but never shown does not swallow a different edit from the same revision.
        Assert.NotEqual(edit.EventId, PlaygroundMapper.FromEdit(original, "another answer", s_sent.AddMinutes(7))!.EventId);
    }

    [Fact]
    public void Editing_a_channel_message_or_changing_nothing_is_no_event()
    {
        Assert.Null(PlaygroundMapper.FromEdit(Message("/design start A"), "/design start B", s_sent));
        Assert.Null(PlaygroundMapper.FromEdit(Message("same", threadId: "pm3"), "same", s_sent));
    }

    [Fact]
    public void A_deletion_of_a_thread_reply_has_one_event_id()
    {
        var reply = Message("an answer", threadId: "pm3");
        var deletion = PlaygroundMapper.FromDelete(reply, s_sent.AddMinutes(1))!;
        Assert.Equal(("pg-pm7-delete", "pm3", "pm7"), (deletion.EventId, deletion.ThreadId, deletion.MessageId));
        Assert.Equal(deletion.EventId, PlaygroundMapper.FromDelete(reply, s_sent.AddMinutes(9))!.EventId);
        Assert.Null(PlaygroundMapper.FromDelete(Message("chatter"), s_sent));
    }

    [Fact]
    public void A_press_is_named_by_the_message_revision_the_user_and_the_button()
    {
        var question = Message("Q1/9: Why?", threadId: "pm3", id: "pm4", isBot: true);
        var press = PlaygroundMapper.FromAction(question, "bob", "designbot.skip", "r1|scope|0", s_sent);
        Assert.Equal(("pm3", "pm4", "designbot.skip", "r1|scope|0", "bob"), (press.ThreadId, press.MessageId, press.ActionId, press.Value, press.User.Name));
        Assert.StartsWith("pg-pm4-r0-press-", press.EventId, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9-]+$", press.EventId);

        // A retried request (at another time) is the same press.
        Assert.Equal(press.EventId, PlaygroundMapper.FromAction(question, "bob", "designbot.skip", "r1|scope|0", s_sent.AddSeconds(3)).EventId);
        // Another user, button, value, or the same button after the bot updated the message: another press.
        string[] others =
        [
            PlaygroundMapper.FromAction(question, "carol", "designbot.skip", "r1|scope|0", s_sent).EventId,
            PlaygroundMapper.FromAction(question, "bob", "designbot.finish", "r1|scope|0", s_sent).EventId,
            PlaygroundMapper.FromAction(question, "bob", "designbot.skip", "r1|scope|1", s_sent).EventId,
            PlaygroundMapper.FromAction(question with { Revision = 1 }, "bob", "designbot.skip", "r1|scope|0", s_sent).EventId,
        ];
        Assert.DoesNotContain(press.EventId, others);
        Assert.Equal(others.Length, others.Distinct().Count());
    }
}
