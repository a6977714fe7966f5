using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Turns;
using DesignBot.Slack.Api;
using DesignBot.Slack.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace DesignBot.Slack.Tests;

public sealed class SlackChannelClientTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private HttpClient _http = null!;
    private SlackChannelClient _client = null!;
    private static readonly ChannelRef s_channel = SlackMapper.Channel("C0DESIGN");

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _http = new HttpClient();
        var api = new SlackApiTransport(_http, new Uri(_slack.ApiBaseUrl));
        _client = new SlackChannelClient(new SlackChatApi(api, FakeSlack.BotToken), new SlackConversationsApi(api, FakeSlack.BotToken), new SlackFilesApi(api, FakeSlack.BotToken),
            new SlackUserDirectory(new SlackUsersApi(api, FakeSlack.BotToken)), new SlackHints(_http, new Uri(_slack.ApiBaseUrl), TimeProvider.System), TimeProvider.System,
            NullLogger<SlackChannelClient>.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    private static OutboundMessage Message(string text) => new("k", s_channel, ReviewMessages.Text(text));

    [Fact]
    public async Task A_post_whose_outcome_is_unknown_is_found_by_its_key_in_its_thread_or_channel()
    {
        var root = await _client.PostAsync(s_channel, null, Message("root"), "review-1/card");
        var reply = await _client.PostAsync(s_channel, root.MessageId, Message("Q1"), "review-1/q1");

        var foundReply = await _client.FindPostedAsync(s_channel, root.MessageId, "review-1/q1");
        Assert.Equal(reply, foundReply);
        Assert.Equal(root, await _client.FindPostedAsync(s_channel, null, "review-1/card"));
        Assert.Null(await _client.FindPostedAsync(s_channel, root.MessageId, "review-1/q2"));
        Assert.Equal("C0DESIGN", reply.Address);
        Assert.True(SlackTs.TryParse(reply.MessageId, out var at) && at == reply.PostedAt);
    }

    [Fact]
    public async Task Slack_errors_become_send_errors_the_dispatcher_understands()
    {
        _slack.RateLimit("chat.postMessage", retryAfterSeconds: 7);
        var limited = await Assert.ThrowsAsync<ChannelSendException>(() => _client.PostAsync(s_channel, null, Message("x"), "k1"));
        Assert.True(limited.Transient);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);

        _slack.FailWith("chat.postMessage", "is_archived");
        Assert.False((await Assert.ThrowsAsync<ChannelSendException>(() => _client.PostAsync(s_channel, null, Message("x"), "k2"))).Transient);

        _slack.FailWith("chat.update", "internal_error");
        Assert.True((await Assert.ThrowsAsync<ChannelSendException>(() => _client.UpdateAsync(s_channel, new("1.1", "1.1", DateTimeOffset.UtcNow, "C0DESIGN"), Message("x")))).Transient);
    }

    [Fact]
    public async Task Blocks_slack_refuses_are_sent_again_as_text()
    {
        _slack.FailWith("chat.postMessage", "invalid_blocks");
        var posted = await _client.PostAsync(s_channel, null, Message("**hello** there"), "k3");
        var message = Assert.Single(_slack.Messages);
        Assert.Equal(posted.MessageId, message.Ts);
        Assert.Contains("hello there", message.BlockText);
    }

    [Fact]
    public async Task An_ephemeral_message_goes_to_its_user_only()
    {
        await _client.PostAsync(s_channel, null, Message("only you") with { VisibleTo = "UBOB" }, "k4");
        Assert.Empty(_slack.Messages);
        var ephemeral = Assert.Single(_slack.Ephemerals);
        Assert.Equal("UBOB", ephemeral.User);
        Assert.Equal("only you", ephemeral.Text);
    }

    [Fact]
    public async Task Names_come_from_users_info_once()
    {
        Assert.Equal("alice", await _client.ResolveUserNameAsync(s_channel, "UALICE"));
        Assert.Equal("alice", await _client.ResolveUserNameAsync(s_channel, "UALICE"));
        Assert.Null(await _client.ResolveUserNameAsync(s_channel, "UNOBODY"));
        Assert.Single(_slack.CallsTo("users.info"), c => c.Fields["user"]!.GetValue<string>() == "UALICE");
    }

    [Fact]
    public async Task A_failed_upload_is_said_on_the_message_not_dropped()
    {
        _slack.FailWith("files.completeUploadExternal", "access_denied");
        var message = new OutboundMessage("k5", s_channel, new NeutralMessage("Design document: X", [new TextBlock("Here it is."), new DocumentBlock("x.md", "text/markdown", "# X")]));
        await _client.PostAsync(s_channel, null, message, "k5");
        Assert.Contains("couldn't attach x.md (access_denied)", Assert.Single(_slack.Messages).BlockText);
    }
}

public sealed class SlackIdentityProviderTests
{
    private sealed class UnreachableAuth : ISlackAuthApi
    {
        public int Calls;

        public Task<SlackIdentity> TestAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            throw new HttpRequestException("connection refused", null, System.Net.HttpStatusCode.ServiceUnavailable);
        }
    }

    [Fact]
    public async Task An_unreachable_slack_does_not_stop_the_start_and_stopping_twice_is_harmless()
    {
        var auth = new UnreachableAuth();
        var identity = new SlackIdentityProvider(auth, NullLogger<SlackIdentityProvider>.Instance);
        await identity.StartAsync(CancellationToken.None);
        Assert.Null(identity.Current);
        Assert.True(auth.Calls >= 1);
        await identity.StopAsync(CancellationToken.None);
        await identity.StopAsync(CancellationToken.None);
    }
}
