using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Turns;
using DesignBot.Teams.Auth;
using DesignBot.Teams.Outbound;

namespace DesignBot.Teams.Tests;

/// <summary>The channel client against the fake Bot Connector and token endpoint: what it sends, and how it meets failures.</summary>
public sealed class ConnectorTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private HttpClient _http = null!;
    private TeamsChannelClient _client = null!;
    private ChannelRef _channel = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _http = new HttpClient();
        var endpoint = new Uri(_fake.TokenEndpoint.Replace("{tenant}", FakeBotFramework.Tenant, StringComparison.Ordinal));
        var tokens = new ClientCredentialsTokenSource(_http, endpoint, FakeBotFramework.AppId, FakeBotFramework.Secret, TimeProvider.System);
        _client = new TeamsChannelClient(new BotConnector(_http, tokens, TimeProvider.System), TimeProvider.System);
        var address = new TeamsAddress(_fake.ServiceUrl, Activities.Tenant, Activities.TeamId, Activities.ChannelId, IsChannel: true);
        _channel = new ChannelRef("teams", Activities.ChannelId) { Address = address.Encode() };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private OutboundMessage Message(string text) => new("m1", _channel, ReviewMessages.Text(text));

    [Fact]
    public async Task A_channel_post_opens_a_new_thread_with_the_card_alone_and_its_time_is_its_id()
    {
        var posted = await _client.PostAsync(_channel, null, Message("**Step 1/6 · Scope**"), "key-1");

        var call = Assert.Single(_fake.Calls);
        Assert.Equal(("POST", Activities.ChannelId), (call.Method, call.Conversation));
        Assert.True(call.Body["isGroup"]!.GetValue<bool>());
        Assert.Equal(Activities.ChannelId, call.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(Activities.Tenant, call.Body["tenantId"]!.GetValue<string>());
        // One attachment, no text beside it (Teams would split them and return no id).
        Assert.Null(call.Activity["text"]);
        var attachment = Assert.Single(call.Activity["attachments"]!.AsArray());
        Assert.Equal(AdaptiveCardWriter.ContentType, attachment!["contentType"]!.GetValue<string>());
        Assert.Equal("1.5", call.Card["version"]!.GetValue<string>());

        Assert.Equal(call.AnsweredId, posted.MessageId);
        Assert.Equal(posted.MessageId, posted.ThreadId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(call.AnsweredId!, System.Globalization.CultureInfo.InvariantCulture)), posted.PostedAt);
        Assert.Equal($"{Activities.ChannelId};messageid={posted.MessageId}", posted.Address);
    }

    [Fact]
    public async Task Replies_go_into_the_threads_conversation_and_updates_replace_the_card_in_place()
    {
        var root = await _client.PostAsync(_channel, null, Message("root"), "k1");
        var reply = await _client.PostAsync(_channel, root.ThreadId, Message("Q1"), "k2");
        await _client.UpdateAsync(_channel, root, Message("root, updated"));

        var calls = _fake.Calls;
        Assert.Equal(("POST", $"{Activities.ChannelId};messageid={root.MessageId}"), (calls[1].Method, calls[1].Conversation));
        Assert.Equal(root.ThreadId, reply.ThreadId);
        Assert.NotEqual(root.MessageId, reply.MessageId);
        Assert.Equal(("PUT", $"{Activities.ChannelId};messageid={root.MessageId}", root.MessageId), (calls[2].Method, calls[2].Conversation, calls[2].ActivityId));
        Assert.Contains("root, updated", calls[2].CardText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_token_is_fetched_by_client_credentials_for_the_connector_scope_and_reused()
    {
        for (var i = 0; i < 3; i++)
            await _client.PostAsync(_channel, null, Message($"post {i}"), $"k{i}");

        Assert.Equal(1, _fake.TokenRequests);
        Assert.Contains("grant_type=client_credentials", _fake.LastTokenForm, StringComparison.Ordinal);
        Assert.Contains("scope=https://api.botframework.com/.default", _fake.LastTokenForm, StringComparison.Ordinal);
        Assert.StartsWith($"tenant={FakeBotFramework.Tenant}&", _fake.LastTokenForm, StringComparison.Ordinal);
        Assert.All(_fake.Calls, c => Assert.Equal("Bearer bot-token-1", c.Authorization));
    }

    [Fact]
    public async Task A_429_is_a_transient_failure_carrying_the_connectors_retry_after()
    {
        _fake.FailNext(429, TimeSpan.FromSeconds(7));

        var failure = await Assert.ThrowsAsync<ChannelSendException>(() => _client.PostAsync(_channel, null, Message("x"), "k"));
        Assert.True(failure.Transient);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.Single(_fake.Calls);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_412_or_gateway_failure_is_tried_again_with_backoff_and_lands(int status)
    {
        _fake.FailNext(status);
        _fake.FailNext(status);

        var posted = await _client.PostAsync(_channel, null, Message("x"), "k");

        var calls = _fake.Calls;
        Assert.Equal([status, status, 201], calls.Select(c => c.Status));
        Assert.Equal(calls[^1].AnsweredId, posted.MessageId);
    }

    [Fact]
    public async Task Failures_that_persist_are_left_to_the_outbox_as_transient()
    {
        for (var i = 0; i < BotConnector.Tries; i++)
            _fake.FailNext(503);
        var failure = await Assert.ThrowsAsync<ChannelSendException>(() => _client.PostAsync(_channel, null, Message("x"), "k"));
        Assert.True(failure.Transient);
        Assert.Equal(BotConnector.Tries, _fake.Calls.Count);
    }

    [Fact]
    public async Task A_413_is_never_sent_again_as_it_was_the_card_goes_shorter_and_says_so()
    {
        var body = new NeutralMessage("Design summary: Big", [new HeaderBlock("Design summary: Big"), new ListBlock("Scope", [.. Enumerable.Range(0, 60).Select(i => $"answer {i} " + new string('x', 250))], "answer")]);
        _fake.FailNext(413);

        await _client.PostAsync(_channel, null, new OutboundMessage("m1", _channel, body), "k");

        var calls = _fake.Calls;
        Assert.Equal([413, 201], calls.Select(c => c.Status));
        Assert.True(calls[1].Bytes < calls[0].Bytes, $"the second try ({calls[1].Bytes} bytes) is smaller than the refused one ({calls[0].Bytes})");
        Assert.Contains("more answers in the design document", calls[1].CardText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_413s_give_up_for_good()
    {
        _fake.FailNext(413);
        _fake.FailNext(413);
        var failure = await Assert.ThrowsAsync<ChannelSendException>(() => _client.PostAsync(_channel, null, Message("x"), "k"));
        Assert.False(failure.Transient);
        Assert.Equal(2, _fake.Calls.Count);
    }

    [Fact]
    public void Pacing_is_by_default_teams_limits_per_thread_and_fifty_a_second_per_tenant()
    {
        var pacing = _client.Pacing;
        Assert.Equal(
            [new Rate(7, TimeSpan.FromSeconds(1)), new Rate(8, TimeSpan.FromSeconds(2)), new Rate(60, TimeSpan.FromSeconds(30)), new Rate(1800, TimeSpan.FromHours(1))],
            pacing.PerConversation);
        Assert.Equal([new Rate(50, TimeSpan.FromSeconds(1))], pacing.PerAccount);
        Assert.NotEqual(pacing.ConversationOf(_channel, "1"), pacing.ConversationOf(_channel, "2"));
        var otherTenant = _channel with { Address = new TeamsAddress(_fake.ServiceUrl, "tenant-2", null, Activities.ChannelId, true).Encode() };
        Assert.NotEqual(pacing.AccountOf(_channel), pacing.AccountOf(otherTenant));
    }

    [Fact]
    public void Pacing_windows_set_to_zero_are_off_and_the_others_kept()
    {
        var client = new TeamsChannelClient(null!, TimeProvider.System, new TeamsPacingOptions { PerThreadPerSecond = 0, PerThreadPer2Seconds = 0, PerThreadPer30Seconds = 0, PerTenantPerSecond = 0 });

        Assert.Equal([new Rate(1800, TimeSpan.FromHours(1))], client.Pacing.PerConversation);
        Assert.Empty(client.Pacing.PerAccount);
    }
}
