using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace DesignBot.Slack.SocketMode;

/// <summary>How a connection ended: dropped (reconnect with backoff), Slack asked for a new one, or the app's link was disabled.</summary>
internal enum ConnectionEnd { Dropped, RefreshRequested, LinkDisabled }

/// <summary>One Socket Mode WebSocket: reads envelopes in order, hands each over, acknowledges it; says how it ended.</summary>
internal sealed class SlackSocketConnection(ClientWebSocket socket, ISlackInbound inbound, ILogger logger, Action onHello, CancellationToken stopping)
{
    private readonly TaskCompletionSource<ConnectionEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private Task? _reading;

    public Task<ConnectionEnd> Ended => _ended.Task;

    public void Start() => _reading = ReadAsync();

    /// <summary>Waits (a while at most) until Slack greets this connection, so the old one is closed only once this one delivers.</summary>
    public async Task WaitForHelloAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _hello.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Slack said nothing yet; the old connection is closed anyway, and what it did not ack Slack sends again.
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        await _closing.CancelAsync();
        if (_reading is not null)
            await _reading;
        socket.Dispose();
        _closing.Dispose();
    }

    private async Task ReadAsync()
    {
        var end = ConnectionEnd.Dropped;
        try
        {
            while (socket.State == WebSocketState.Open && !_closing.IsCancellationRequested)
            {
                if (await ReceiveAsync(_closing.Token) is not { } text)
                    break;
                if (await HandleAsync(text) is { } said)
                {
                    end = said;
                    // Keep reading (and acknowledging) until the owner closes this connection.
                    _ended.TrySetResult(said);
                    if (said == ConnectionEnd.Dropped)
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        _ended.TrySetResult(end == ConnectionEnd.LinkDisabled ? end : ConnectionEnd.Dropped);
    }

    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            buffer.Write(chunk, 0, result.Count);
            if (buffer.Length > SlackEndpoints.MaxBodyBytes)
                return null;
            if (result.EndOfMessage)
                return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    // Handles one frame; returns how the connection is ending when Slack said so.
    private async Task<ConnectionEnd?> HandleAsync(string text)
    {
        JsonElement envelope;
        try
        {
            using var document = JsonDocument.Parse(text);
            envelope = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        var type = SlackMapper.Str(envelope, "type");
        switch (type)
        {
            case "hello":
                onHello();
                _hello.TrySetResult();
                Log.SocketConnected(logger, "hello");
                return null;
            case "disconnect":
                var reason = SlackMapper.Str(envelope, "reason") ?? "";
                switch (reason)
                {
                    case "link_disabled":
                        return ConnectionEnd.LinkDisabled;
                    case "warning" or "refresh_requested":
                        Log.SocketRefresh(logger, reason);
                        return ConnectionEnd.RefreshRequested;
                    default:
                        // too_many_websockets and the like: reconnecting at once would be refused again; back off.
                        return ConnectionEnd.Dropped;
                }
        }
        if (SlackMapper.Str(envelope, "envelope_id") is not { } envelopeId || !envelope.TryGetProperty("payload", out var payload))
            return null;
        SlackAck ack;
        try
        {
            ack = type switch
            {
                "events_api" => await inbound.EventsAsync(payload, _closing.Token),
                "slash_commands" => await inbound.CommandAsync(Fields(payload), _closing.Token),
                "interactive" => await inbound.InteractionAsync(payload, _closing.Token),
                _ => SlackAck.Ok,
            };
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        if (ack.Status >= 500)
        {
            // Not accepted: no ack, so Slack delivers it again.
            Log.SocketEnvelopeRefused(logger, envelopeId, type ?? "", ack.Body?["error"]?.GetValue<string>() ?? "");
            return null;
        }
        if (ack.Status >= 400)
            Log.SocketEnvelopeRefused(logger, envelopeId, type ?? "", ack.Body?["error"]?.GetValue<string>() ?? "");
        var reply = new JsonObject { ["envelope_id"] = envelopeId };
        if (ack.Status < 400 && ack.Body is not null && type == "slash_commands")
            reply["payload"] = ack.Body.DeepClone();
        await SendAsync(reply.ToJsonString());
        return null;
    }

    private async Task SendAsync(string text)
    {
        await _sending.WaitAsync(_closing.Token);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private static Dictionary<string, string> Fields(JsonElement payload)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payload.ValueKind != JsonValueKind.Object)
            return fields;
        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
                fields[property.Name] = property.Value.GetString()!;
        }
        return fields;
    }
}
