using System.Text;
using System.Text.Json.Nodes;
using DesignBot.Core.Events;
using DesignBot.Teams.Inbound;

namespace DesignBot.Teams.Tests;

public sealed class MapperTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00/";
    private readonly Activities _activities = new(ServiceUrl);

    private static TeamsInbound Map(JsonObject activity) => TeamsMapper.Map(Activity.Parse(Encoding.UTF8.GetBytes(activity.ToJsonString()))!);

    [Fact]
    public void A_channel_post_mentioning_the_bot_is_a_command_without_the_mention_in_the_teams_channel()
    {
        var mapped = Map(_activities.Command("alice", "start URL shortener --parallel", 1_759_881_511_856));

        var command = Assert.IsType<CommandEvent>(mapped.Event);
        Assert.Equal("start URL shortener --parallel", command.Text);
        Assert.Equal("teams", command.Channel.Platform);
        Assert.Equal(Activities.ChannelId, command.Channel.Id);
        Assert.Equal("1759881511856", command.MessageId);
        Assert.Null(command.ThreadId);
        Assert.Equal("alice", command.User.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_759_881_511_856), command.At);
        var address = TeamsAddress.Decode(command.Channel.Address)!;
        Assert.Equal(ServiceUrl, address.ServiceUrl);
        Assert.Equal(Activities.Tenant, address.TenantId);
        Assert.Equal(Activities.TeamId, address.TeamId);
        Assert.True(address.IsChannel);
        Assert.False(mapped.IsCardAction);
    }

    [Fact]
    public void A_channel_post_that_does_not_mention_the_bot_is_the_teams_own_chatter()
    {
        var post = _activities.Message("bob", "lunch?", 1_759_881_511_900, root: 1_759_881_511_900, mentionsBot: false);
        Assert.Null(Map(post).Event);
    }

    [Fact]
    public void A_reply_in_a_thread_is_recognised_by_its_conversation_and_keeps_its_text_as_typed()
    {
        var reply = _activities.Reply("bob", "10M daily users & <growing>", 1_759_944_781_430, "1759881511856");

        var mapped = Assert.IsType<ThreadReplyEvent>(Map(reply).Event);
        Assert.Equal("1759881511856", mapped.ThreadId);
        Assert.Equal("1759944781430", mapped.MessageId);
        Assert.Equal("10M daily users & <growing>", mapped.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_759_944_781_430), mapped.At);
    }

    [Fact]
    public void Html_from_teams_becomes_plain_text_with_the_names_of_people_mentioned()
    {
        var reply = _activities.Message("carol", "<p>Ask <at>Larry Brown</at> about&nbsp;it</p><p>second&amp;line<br/>third</p><ul><li>one</li><li>two</li></ul>", 1_759_944_781_500, 1_759_881_511_856, mentionsBot: false);

        var mapped = Assert.IsType<ThreadReplyEvent>(Map(reply).Event);
        Assert.Equal("Ask @Larry Brown about it\nsecond&line\nthird\n• one\n• two", mapped.Text);
    }

    [Fact]
    public void The_bots_mention_is_removed_from_a_thread_reply_and_start_there_is_a_command_in_that_thread()
    {
        var reply = _activities.Message("alice", "<at>DesignBot</at> our answer", 1_759_944_781_600, 1_759_881_511_856, mentionsBot: true);
        Assert.Equal("our answer", Assert.IsType<ThreadReplyEvent>(Map(reply).Event).Text);

        var start = _activities.Message("alice", "<at>DesignBot</at> start Chat", 1_759_944_781_700, 1_759_881_511_856, mentionsBot: true);
        var command = Assert.IsType<CommandEvent>(Map(start).Event);
        Assert.Equal("start Chat", command.Text);
        Assert.Equal("1759881511856", command.ThreadId);
    }

    [Fact]
    public void An_edit_and_a_deletion_of_a_thread_reply_are_events_and_two_different_edits_are_two_events()
    {
        var edit = Assert.IsType<ReplyEditedEvent>(Map(_activities.Edit("bob", "final answer", "1759944781430", "1759881511856")).Event);
        Assert.Equal(("1759881511856", "1759944781430", "final answer"), (edit.ThreadId, edit.MessageId, edit.Text));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_759_944_781_430), edit.SentAt);
        var again = Assert.IsType<ReplyEditedEvent>(Map(_activities.Edit("bob", "final answer", "1759944781430", "1759881511856")).Event);
        var other = Assert.IsType<ReplyEditedEvent>(Map(_activities.Edit("bob", "another", "1759944781430", "1759881511856")).Event);
        Assert.Equal(edit.EventId, again.EventId);
        Assert.NotEqual(edit.EventId, other.EventId);

        var deleted = Assert.IsType<ReplyDeletedEvent>(Map(_activities.Delete("bob", "1759944781430", "1759881511856")).Event);
        Assert.Equal(("1759881511856", "1759944781430"), (deleted.ThreadId, deleted.MessageId));
    }

    [Fact]
    public void Action_execute_is_a_button_press_on_the_card_it_came_from_and_wants_an_invoke_response()
    {
        var action = new JsonObject { ["title"] = "Skip", ["verb"] = "skip", ["data"] = new JsonObject { ["actionId"] = "skip", ["value"] = "r1|scope|0" } };
        var mapped = Map(_activities.Execute("carol", action, "1759881512000", "1759881511856"));

        Assert.True(mapped.IsCardAction);
        var press = Assert.IsType<ButtonPressedEvent>(mapped.Event);
        Assert.Equal(("skip", "r1|scope|0", "1759881512000", "1759881511856"), (press.ActionId, press.Value, press.MessageId, press.ThreadId));
    }

    [Fact]
    public void Action_submit_is_a_message_with_the_buttons_data_as_its_value()
    {
        var submit = _activities.Message("carol", "", 1_759_881_512_100, 1_759_881_511_856, mentionsBot: false);
        submit.Remove("text");
        submit["value"] = new JsonObject { ["actionId"] = "finish", ["value"] = "r1|scope|2" };
        submit["replyToId"] = "1759881512000";

        var press = Assert.IsType<ButtonPressedEvent>(Map(submit).Event);
        Assert.Equal(("finish", "r1|scope|2", "1759881512000"), (press.ActionId, press.Value, press.MessageId));
        Assert.False(Map(submit).IsCardAction);
    }

    [Fact]
    public void The_bot_added_to_a_team_is_welcomed_with_how_to_start_and_other_membership_changes_are_nothing()
    {
        var welcome = Assert.IsType<CommandEvent>(Map(_activities.BotAdded("alice")).Event);
        Assert.Equal("help", welcome.Text);
        Assert.Equal(Activities.ChannelId, welcome.Channel.Id);

        var memberAdded = _activities.BotAdded("alice");
        memberAdded["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Activities.UserId("dave") });
        Assert.Null(Map(memberAdded).Event);
    }

    [Fact]
    public void The_same_activity_maps_to_the_same_event_id_and_the_bots_own_messages_to_nothing()
    {
        var reply = _activities.Reply("bob", "x", 1_759_944_781_430, "1759881511856");
        Assert.Equal(Map(reply).Event!.EventId, Map(reply).Event!.EventId);

        var echo = _activities.Reply("bob", "x", 1_759_944_781_431, "1759881511856");
        echo["from"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = Activities.BotName };
        Assert.Null(Map(echo).Event);
    }

    [Fact]
    public void A_personal_chat_message_is_a_command_without_a_mention()
    {
        var chat = _activities.Message("alice", "help", 1_759_944_781_800, 1_759_944_781_800, mentionsBot: false);
        chat["conversation"] = new JsonObject { ["id"] = "a:1tewuGJ44RkB90tiJNQ", ["conversationType"] = "personal", ["tenantId"] = Activities.Tenant };
        ((JsonObject)chat["channelData"]!).Remove("channel");
        ((JsonObject)chat["channelData"]!).Remove("teamsChannelId");

        var command = Assert.IsType<CommandEvent>(Map(chat).Event);
        Assert.Equal("help", command.Text);
        Assert.Equal("a:1tewuGJ44RkB90tiJNQ", command.Channel.Id);
        Assert.False(TeamsAddress.Decode(command.Channel.Address)!.IsChannel);
    }

    [Fact]
    public void A_start_in_a_chat_is_no_review_but_a_notice_that_reviews_run_in_channels()
    {
        var chat = _activities.Message("alice", "start URL shortener", 1_759_944_781_900, 1_759_944_781_900, mentionsBot: false);
        chat["conversation"] = new JsonObject { ["id"] = "a:1tewuGJ44RkB90tiJNQ", ["conversationType"] = "personal", ["tenantId"] = Activities.Tenant };

        var mapped = Map(chat);
        Assert.Null(mapped.Event);
        Assert.Contains("@DesignBot start <title>", mapped.ChatNotice, StringComparison.Ordinal);
    }

    [Fact]
    public void Bodies_that_are_no_activity_parse_to_nothing()
    {
        Assert.Null(Activity.Parse("not json"u8));
        Assert.Null(Activity.Parse("[]"u8));
        Assert.Null(Activity.Parse("{\"type\":5}"u8));
        Assert.Null(Activity.Parse("{}"u8));
        // Fields of the wrong type are absent, not errors: this activity has no conversation, so it is no event.
        var odd = Activity.Parse("{\"type\":\"message\",\"conversation\":\"x\",\"from\":[],\"serviceUrl\":1}"u8);
        Assert.NotNull(odd);
        Assert.Null(TeamsMapper.Map(odd).Event);
    }

    /// <summary>Microsoft's published payloads (../shared/fixtures/teams) map as the adapter's own examples do; without them the test has nothing to check.</summary>
    [Fact]
    public void Microsofts_published_payloads_map_to_the_expected_events()
    {
        var folder = FixturesFolder();
        if (folder is null)
            return;
        var expected = new Dictionary<string, Type?>
        {
            ["channel_thread_reply.json"] = typeof(ThreadReplyEvent),
            ["channel_message_with_mention.json"] = typeof(ThreadReplyEvent),
            ["channel_message_with_mention_docs.json"] = typeof(ThreadReplyEvent),
            ["conversation_update_bot_added.json"] = typeof(CommandEvent),
            ["conversation_update_member_removed.json"] = null,
            // Another app's Action.Execute (no verb, data without an action id): answered, but no event.
            ["invoke_adaptive_card_action.json"] = null,
            ["adaptive_card_submit_messageback_docs.json"] = null,
            // Personal-chat edits and deletions: outside a channel thread there is no stored answer to change.
            ["message_update.json"] = null,
            ["message_update_undelete.json"] = null,
            ["message_delete.json"] = null,
        };
        var seen = 0;
        foreach (var (file, type) in expected)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
                continue;
            seen++;
            var activity = Activity.Parse(File.ReadAllBytes(path));
            Assert.NotNull(activity);
            var mapped = TeamsMapper.Map(activity).Event;
            Assert.True(type is null ? mapped is null : mapped?.GetType() == type, $"{file}: expected {type?.Name ?? "no event"}, got {mapped?.GetType().Name ?? "no event"}");
        }
        Assert.True(seen > 0);

        // The captured thread reply: the bot's mention removed, its thread from the conversation id, its time from its id.
        var reply = (ThreadReplyEvent)TeamsMapper.Map(Activity.Parse(File.ReadAllBytes(Path.Combine(folder, "channel_thread_reply.json")))!).Event!;
        Assert.Equal(("reply to thread", "1759881511856", "1759944781430"), (reply.Text, reply.ThreadId, reply.MessageId));
        Assert.Equal("19:6848757105754c8981c67612732d9aa7@thread.tacv2", reply.Channel.Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_759_944_781_430), reply.At);

        // The docs' outgoing-webhook example mentions a person too: kept by name.
        var docs = (ThreadReplyEvent)TeamsMapper.Map(Activity.Parse(File.ReadAllBytes(Path.Combine(folder, "channel_message_with_mention_docs.json")))!).Event!;
        Assert.Contains("Hello @Larry Brown", docs.Text, StringComparison.Ordinal);

        Assert.True(TeamsMapper.Map(Activity.Parse(File.ReadAllBytes(Path.Combine(folder, "invoke_adaptive_card_action.json")))!).IsCardAction);
    }

    private static string? FixturesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "teams");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
