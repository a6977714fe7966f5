using System.Net.WebSockets;
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        SlackSocketConnection? current = null;
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

    private async Task<SlackSocketConnection> ConnectAsync(CancellationToken cancellationToken)
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
        var connection = new SlackSocketConnection(socket, inbound, logger, () => Interlocked.Increment(ref _connections), cancellationToken);
        connection.Start();
        return connection;
    }
}
