using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DesignBot.Slack.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DesignBot.Slack.SocketMode;

/// <summary>
/// Slack Socket Mode: events, slash commands and interactions over a WebSocket the bot opens (apps.connections.open with
/// the app-level token), so no public URL is needed. Each envelope is handed to <see cref="ISlackInbound"/> (accepted
/// into the inbox) and then acknowledged by its envelope_id — an envelope not accepted is not acknowledged, and Slack
/// sends it again. On <c>disconnect</c> (warning, refresh_requested) a new connection is opened before the old one is
/// closed; <c>link_disabled</c> stops Socket Mode; a dropped connection is reopened with exponential backoff.
/// </summary>
public sealed class SlackSocketModeClient(ISlackAppsApi apps, ISlackInbound inbound, ILogger<SlackSocketModeClient> logger) : BackgroundService
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a drop; doubled each failed try up to <see cref="MaxBackoff"/>. Tests shorten it.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many connections have said hello (for tests and diagnostics).</summary>
    public int Connections => _connections;

    /// <summary>True once Slack disabled the app's link: Socket Mode stopped for good.</summary>
    public bool LinkDisabled { get; private set; }

    private int _connections;

    private ISlackInbound Inbound => inbound;

    private ILogger Logger => logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        SocketConnection? current = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    current ??= await ConnectAsync(stoppingToken);
                    var ended = await current.Ended.WaitAsync(stoppingToken);
                    switch (ended)
                    {
                        case ConnectionEnd.LinkDisabled:
                            LinkDisabled = true;
                            Log.SocketLinkDisabled(logger);
                            await current.CloseAsync();
                            return;
                        case ConnectionEnd.RefreshRequested:
                            // The old connection keeps delivering (and being acked) until the new one is open.
                            var next = await ConnectAsync(stoppingToken);
                            await next.WaitForHelloAsync(TimeSpan.FromSeconds(10), stoppingToken);
                            await current.CloseAsync();
                            current = next;
                            backoff = FirstBackoff;
                            break;
                        default:
                            await current.CloseAsync();
                            current = null;
                            Log.SocketDropped(logger, "closed", backoff);
                            await Task.Delay(backoff, stoppingToken);
                            backoff = Next(backoff);
                            break;
                    }
                }
                catch (Exception ex) when (ex is SlackApiException or WebSocketException or HttpRequestException && !stoppingToken.IsCancellationRequested)
                {
                    if (current is not null)
                        await current.CloseAsync();
                    current = null;
                    Log.SocketDropped(logger, ex is SlackApiException api ? api.Error : ex.GetType().Name, backoff);
                    await Task.Delay(backoff, stoppingToken);
                    backoff = Next(backoff);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (current is not null)
                await current.CloseAsync();
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));

    private async Task<SocketConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var url = await apps.OpenConnectionAsync(cancellationToken);
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connection = new SocketConnection(socket, this, cancellationToken);
        connection.Start();
        return connection;
    }

    internal enum ConnectionEnd { Dropped, RefreshRequested, LinkDisabled }

    /// <summary>One WebSocket: reads envelopes in order, hands each over, acknowledges it; says how it ended.</summary>
    private sealed class SocketConnection(ClientWebSocket socket, SlackSocketModeClient owner, CancellationToken stopping)
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
                    Interlocked.Increment(ref owner._connections);
                    _hello.TrySetResult();
                    Log.SocketConnected(owner.Logger, "hello");
                    return null;
                case "disconnect":
                    var reason = SlackMapper.Str(envelope, "reason") ?? "";
                    switch (reason)
                    {
                        case "link_disabled":
                            return ConnectionEnd.LinkDisabled;
                        case "warning" or "refresh_requested":
                            Log.SocketRefresh(owner.Logger, reason);
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
                    "events_api" => await owner.Inbound.EventsAsync(payload, _closing.Token),
                    "slash_commands" => await owner.Inbound.CommandAsync(Fields(payload), _closing.Token),
                    "interactive" => await owner.Inbound.InteractionAsync(payload, _closing.Token),
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
                Log.SocketEnvelopeRefused(owner.Logger, envelopeId, type ?? "", ack.Body?["error"]?.GetValue<string>() ?? "");
                return null;
            }
            if (ack.Status >= 400)
                Log.SocketEnvelopeRefused(owner.Logger, envelopeId, type ?? "", ack.Body?["error"]?.GetValue<string>() ?? "");
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
}
