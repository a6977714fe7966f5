using System.Text.Json;
using System.Text.Json.Nodes;
using DesignBot.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Slack.Tests;

/// <summary>Socket Mode against a local WebSocket server (the fake's /link), through the real host in memory.</summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private SlackHostFactory _host = null!;
    private int _envelopes;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _host = new SlackHostFactory(_slack, new Dictionary<string, string?>
        {
            ["Slack:SocketMode"] = "true",
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:SigningSecret"] = null,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private async Task<FakeSocket> NextSocketAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var socket = await _slack.Sockets.Reader.ReadAsync(timeout.Token);
        await socket.SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"applink-1","approximate_connection_time":18060},"connection_info":{"app_id":"A0001"}}""");
        return socket;
    }

    private static async Task<JsonObject> AckAsync(FakeSocket socket, string envelopeId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = await socket.Received.Reader.ReadAsync(timeout.Token);
            if (received["envelope_id"]?.GetValue<string>() == envelopeId)
                return received;
        }
    }

    private async Task<string> SendCommandAsync(FakeSocket socket, string user, string text)
    {
        var id = $"env-{Interlocked.Increment(ref _envelopes)}";
        var fields = SlackEndpoints.Form(System.Text.Encoding.UTF8.GetBytes(SlackPayloads.Command(SlackTeam.DefaultChannel, user, text, $"trigger-{id}")))!;
        await socket.SendAsync(new { envelope_id = id, type = "slash_commands", payload = fields, accepts_response_payload = true });
        return id;
    }

    private async Task<string> SendReplyAsync(FakeSocket socket, string user, string text, string root)
    {
        var id = $"env-{Interlocked.Increment(ref _envelopes)}";
        var message = _slack.AddMemberMessage(SlackTeam.DefaultChannel, user, text, root);
        var body = JsonDocument.Parse(SlackPayloads.EventCallback($"Ev{id}", SlackPayloads.Message(SlackTeam.DefaultChannel, user, text, message.Ts, root))).RootElement;
        await socket.SendAsync(new { envelope_id = id, type = "events_api", payload = body, accepts_response_payload = false, retry_attempt = 0, retry_reason = "" });
        return id;
    }

    [Fact]
    public async Task A_review_runs_over_socket_mode_through_a_refresh_and_a_drop_and_stops_on_link_disabled()
    {
        _ = _host.Services; // starts the host
        var team = new SlackTeam(_host.CreateClient(), _slack);
        var first = await NextSocketAsync();

        var start = await SendCommandAsync(first, "UALICE", "start Socket review");
        var ack = await AckAsync(first, start);
        Assert.Contains("Starting review", ack["payload"]!["text"]!.GetValue<string>());
        var messages = await team.WaitForAsync(m => SlackTeam.TopLevel(m, "Step 1/6") is { } r && SlackTeam.LastBotIn(m, r.Ts)?.Text.Contains("Q1/10", StringComparison.Ordinal) == true, "Q1");
        var root = SlackTeam.TopLevel(messages, "Step 1/6")!.Ts;

        // A reply, then Slack asks for a refresh: the reply is acked on the old connection, a new one opens, then the old one closes.
        var onOld = await SendReplyAsync(first, "UBOB", "answer on the old connection", root);
        await first.SendAsync("""{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"applink-1"}}""");
        await AckAsync(first, onOld);
        var second = await NextSocketAsync();
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, _slack.SocketOpens);
        await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q2/10", StringComparison.Ordinal) == true, "Q2 from the reply sent during the refresh");

        var onNew = await SendReplyAsync(second, "UCAROL", "answer on the new connection", root);
        await AckAsync(second, onNew);
        await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q3/10", StringComparison.Ordinal) == true, "Q3");

        // The connection drops without a word: the client reconnects (after its backoff) and goes on.
        await second.DropAsync();
        var third = await NextSocketAsync();
        var afterDrop = await SendReplyAsync(third, "UALICE", "answer after the drop", root);
        await AckAsync(third, afterDrop);
        await team.WaitForAsync(m => SlackTeam.LastBotIn(m, root)?.Text.Contains("Q4/10", StringComparison.Ordinal) == true, "Q4");

        // link_disabled: Socket Mode stops, and opens no new connection.
        var opens = _slack.SocketOpens;
        await third.SendAsync("""{"type":"disconnect","reason":"link_disabled","debug_info":{"host":"applink-1"}}""");
        await third.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        var socketMode = _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SocketMode.SlackSocketModeClient>().Single();
        Assert.True(socketMode.LinkDisabled);
        Assert.Equal(opens, _slack.SocketOpens);
        Assert.Equal(3, opens);
    }
}
