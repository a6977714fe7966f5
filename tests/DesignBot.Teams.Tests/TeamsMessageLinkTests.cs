using System.Text.Json.Nodes;
using DesignBot.Core.Events;
using DesignBot.Core.Reminders;
using DesignBot.Core.Reviews;
using DesignBot.Teams.Auth;
using DesignBot.Teams.Outbound;
using DesignBot.Testing;

namespace DesignBot.Teams.Tests;

/// <summary>The digest's link to the review card's thread, in Teams: a deep link built from the adapter's address.</summary>
public sealed class TeamsMessageLinkTests : IAsyncLifetime
{
    private const string EncodedChannel = "19%3A6848757105754c8981c67612732d9aa7%40thread.tacv2";
    private FakeBotFramework _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private static TeamsAddress ChannelAddress(string serviceUrl) => new(serviceUrl, Activities.Tenant, Activities.TeamId, Activities.ChannelId, IsChannel: true);

    [Fact]
    public void A_channel_message_link_opens_its_thread_in_teams_with_the_tenant()
    {
        var address = ChannelAddress("https://smba.trafficmanager.net/amer/");
        var root = new PostedMessage("1764580800123", "1764580800123", DateTimeOffset.FromUnixTimeMilliseconds(1764580800123), $"{Activities.ChannelId};messageid=1764580800123");
        var reply = new PostedMessage("1764580801456", "1764580800123", DateTimeOffset.FromUnixTimeMilliseconds(1764580801456), $"{Activities.ChannelId};messageid=1764580800123");

        Assert.Equal($"https://teams.microsoft.com/l/message/{EncodedChannel}/1764580800123?tenantId={Activities.Tenant}&parentMessageId=1764580800123&createdTime=1764580800123",
            TeamsDeepLink.ToMessage(address, root));
        Assert.Equal($"https://teams.microsoft.com/l/message/{EncodedChannel}/1764580801456?tenantId={Activities.Tenant}&parentMessageId=1764580800123&createdTime=1764580801456",
            TeamsDeepLink.ToMessage(address, reply));

        var chat = new TeamsAddress("https://smba.trafficmanager.net/amer/", Activities.Tenant, null, "19:abc@thread.v2", IsChannel: false);
        Assert.Equal("https://teams.microsoft.com/l/message/19%3Aabc%40thread.v2/1764580800123?context=%7B%22contextType%22%3A%22chat%22%7D",
            TeamsDeepLink.ToMessage(chat, new PostedMessage("1764580800123", "1764580800123", DateTimeOffset.UnixEpoch, "19:abc@thread.v2")));
        Assert.Null(TeamsDeepLink.ToMessage(null, root));
    }

    [Fact]
    public async Task The_digest_card_opens_the_review_cards_thread_and_passes_the_card_parser()
    {
        var endpoint = new Uri(_fake.TokenEndpoint.Replace("{tenant}", FakeBotFramework.Tenant, StringComparison.Ordinal));
        var tokens = new ClientCredentialsTokenSource(_http, endpoint, FakeBotFramework.AppId, FakeBotFramework.Secret, TimeProvider.System);
        var client = new TeamsChannelClient(new BotConnector(_http, tokens, TimeProvider.System), TimeProvider.System);
        var channel = new ChannelRef("teams", Activities.ChannelId) { Address = ChannelAddress(_fake.ServiceUrl).Encode() };
        var digest = new LateReviewDigest(client, channel);
        await digest.StartAsync(new UserRef("29:alice", "alice"));
        var card = await digest.CardAsync();

        await digest.SendDigestAsync();

        var call = Assert.Single(_fake.Calls, c => c.Activity["attachments"] is JsonArray && c.FallbackText.StartsWith("Payments: late", StringComparison.Ordinal));
        Assert.Equal(("POST", Activities.ChannelId), (call.Method, call.Conversation)); // a channel post, not a reply in the card's thread
        var open = Assert.Single(call.Card["actions"]!.AsArray().OfType<JsonObject>(), a => a["title"]?.GetValue<string>() == ReminderMessages.CardLinkText);
        Assert.Equal("Action.OpenUrl", open["type"]!.GetValue<string>());
        Assert.Equal($"https://teams.microsoft.com/l/message/{EncodedChannel}/{card.MessageId}?tenantId={Activities.Tenant}&parentMessageId={card.MessageId}&createdTime={card.MessageId}",
            open["url"]!.GetValue<string>());
        var problems = await CardParser.ProblemsAsync([call.Card]);
        Assert.True(problems is null or "[]", $"the Adaptive Cards parser objects: {problems}");
    }
}
