using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reminders;
using DesignBot.Slack.Api;
using DesignBot.Slack.Tests.Fakes;
using DesignBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DesignBot.Slack.Tests;

/// <summary>The digest's link to the review card's thread, in Slack: the message's permalink, from chat.getPermalink.</summary>
public sealed class SlackMessageLinkTests : IAsyncLifetime
{
    private static readonly ChannelRef s_channel = SlackMapper.Channel("C0DESIGN");
    private FakeSlack _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    private SlackChannelClient Client()
    {
        var api = new SlackApiTransport(_http, new Uri(_slack.ApiBaseUrl));
        return new SlackChannelClient(new SlackChatApi(api, FakeSlack.BotToken), new SlackConversationsApi(api, FakeSlack.BotToken), new SlackFilesApi(api, FakeSlack.BotToken),
            new SlackUserDirectory(new SlackUsersApi(api, FakeSlack.BotToken)), new SlackHints(_http, new Uri(_slack.ApiBaseUrl), TimeProvider.System), TimeProvider.System,
            NullLogger<SlackChannelClient>.Instance, postsPerSecondPerChannel: 100);
    }

    private static OutboundMessage Message(string text) => new("k", s_channel, ReviewMessages.Text(text));

    [Fact]
    public async Task A_link_to_a_message_is_its_permalink_from_chat_getPermalink()
    {
        var client = Client();
        var root = await client.PostAsync(s_channel, null, Message("card"), "r1/card");
        var reply = await client.PostAsync(s_channel, root.MessageId, Message("Q1"), "r1/q1");

        Assert.Equal(FakeSlack.PermalinkOf("C0DESIGN", root.MessageId, null), await client.LinkToAsync(s_channel, root));
        Assert.Equal(FakeSlack.PermalinkOf("C0DESIGN", reply.MessageId, root.MessageId), await client.LinkToAsync(s_channel, reply));

        var call = _slack.CallsTo("chat.getPermalink").First();
        Assert.Equal(("C0DESIGN", root.MessageId), (call.Fields["channel"]?.GetValue<string>(), call.Fields["message_ts"]?.GetValue<string>()));
        Assert.Equal(FakeSlack.BotToken, call.Token);
    }

    [Fact]
    public async Task No_permalink_when_slack_refuses_and_a_short_rate_limit_is_waited_out_once()
    {
        var client = Client();
        var root = await client.PostAsync(s_channel, null, Message("card"), "r1/card");

        Assert.Null(await client.LinkToAsync(s_channel, root with { MessageId = "1.000001" })); // message_not_found

        _slack.RateLimit("chat.getPermalink", retryAfterSeconds: 1);
        Assert.Equal(FakeSlack.PermalinkOf("C0DESIGN", root.MessageId, null), await client.LinkToAsync(s_channel, root));

        _slack.RateLimit("chat.getPermalink", retryAfterSeconds: 30);
        var before = _slack.CallsTo("chat.getPermalink").Count();
        Assert.Null(await client.LinkToAsync(s_channel, root));
        Assert.Equal(before + 1, _slack.CallsTo("chat.getPermalink").Count());
    }

    [Fact]
    public async Task The_digest_posted_in_the_channel_links_to_the_review_cards_thread()
    {
        var digest = new LateReviewDigest(Client(), s_channel);
        await digest.StartAsync(new UserRef("UALICE", "alice"));
        var card = await digest.CardAsync();

        await digest.SendDigestAsync();

        var asked = Assert.Single(_slack.CallsTo("chat.getPermalink"));
        Assert.Equal(("C0DESIGN", card.MessageId), (asked.Fields["channel"]?.GetValue<string>(), asked.Fields["message_ts"]?.GetValue<string>()));
        var posted = Assert.Single(_slack.Messages, m => m.Text.Contains("Payments: late", StringComparison.Ordinal));
        Assert.Null(posted.ThreadTs);
        Assert.Contains($"<{FakeSlack.PermalinkOf("C0DESIGN", card.MessageId, null)}|{ReminderMessages.CardLinkText}>", posted.BlockText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_whose_permalink_slack_refuses_links_to_the_review_page()
    {
        var digest = new LateReviewDigest(Client(), s_channel);
        await digest.StartAsync(new UserRef("UALICE", "alice"));
        _slack.FailWith("chat.getPermalink", "channel_not_found");

        await digest.SendDigestAsync();

        Assert.Single(_slack.CallsTo("chat.getPermalink"));
        var posted = Assert.Single(_slack.Messages, m => m.Text.Contains("Payments: late", StringComparison.Ordinal));
        Assert.Contains($"<{LateReviewDigest.ReviewPage}|{ReminderMessages.CardLinkText}>", posted.BlockText, StringComparison.Ordinal);
    }
}
