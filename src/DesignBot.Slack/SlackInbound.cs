using System.Text.Json;
using System.Text.Json.Nodes;
using DesignBot.Core.Events;
using DesignBot.Core.Storage;
using DesignBot.Pipeline;
using Microsoft.Extensions.Logging;

namespace DesignBot.Slack;

/// <summary>What to answer Slack: a status and, when there is one, a JSON body.</summary>
public sealed record SlackAck(int Status, JsonObject? Body = null)
{
    public static SlackAck Ok { get; } = new(200);
    public static SlackAck BadRequest(string reason) => new(400, new JsonObject { ["error"] = reason });
    public static SlackAck Unavailable(string reason) => new(503, new JsonObject { ["error"] = reason });
}

/// <summary>
/// Verified Slack payloads (from the HTTP endpoints or a Socket Mode envelope) → mapped, accepted into the inbox, then
/// acknowledged: the work runs after the ack. A slash command's ack carries the intake's immediate ephemeral line.
/// A retry or a repeated event id is acknowledged like the first and changes nothing (the inbox dedupes it).
/// </summary>
/// <summary>Where verified Slack payloads go, whichever way they came (HTTP or Socket Mode).</summary>
public interface ISlackInbound
{
    Task<SlackAck> EventsAsync(JsonElement body, CancellationToken cancellationToken = default);

    Task<SlackAck> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken = default);

    Task<SlackAck> InteractionAsync(JsonElement payload, CancellationToken cancellationToken = default);
}

public sealed class SlackInbound(EventIntake intake, SlackIdentityProvider identity, SlackUserDirectory users, SlackHints hints, TimeProvider clock, ILogger<SlackInbound> logger) : ISlackInbound
{
    public async Task<SlackAck> EventsAsync(JsonElement body, CancellationToken cancellationToken = default)
    {
        // The challenge needs no identity: answer it even while auth.test is still being asked.
        if (body.ValueKind == JsonValueKind.Object && SlackMapper.Str(body, "type") == "url_verification")
            return Answer(SlackMapper.FromEventsBody(body, new SlackIdentity("", "", null)), "events") is { } challenge ? challenge : SlackAck.Ok;
        if (identity.Current is not { } self)
            return SlackAck.Unavailable("DesignBot is still signing in to Slack; send the event again.");
        var mapped = SlackMapper.FromEventsBody(body, self, users.Known);
        return Answer(mapped, "events") ?? await AcceptAsync(mapped.Event!, cancellationToken) ?? SlackAck.Ok;
    }

    public async Task<SlackAck> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var mapped = SlackMapper.FromCommand(form, clock.GetUtcNow(), users.Known);
        if (Answer(mapped, "commands") is { } answer)
            return answer;
        var command = (CommandEvent)mapped.Event!;
        hints.Remember(command.Channel.Id, form.GetValueOrDefault("response_url"));
        IntakeResult result;
        try
        {
            result = await intake.AcceptAsync(command, cancellationToken);
        }
        catch (TransientStoreException ex)
        {
            Log.NotAccepted(logger, ex, command.EventId);
            // A slash command is not retried by Slack: the user is told, in the ephemeral answer, to type it again.
            return new SlackAck(200, Ephemeral("Sorry — I couldn't take that in just now. Please send the command again."));
        }
        if (result.ImmediateResponse is not { } immediate)
            return SlackAck.Ok;
        var rendered = SlackBlockKit.Render(immediate);
        var body = Ephemeral(rendered.Text);
        body["blocks"] = rendered.Blocks;
        return new SlackAck(200, body);
    }

    public async Task<SlackAck> InteractionAsync(JsonElement payload, CancellationToken cancellationToken = default)
    {
        var mapped = SlackMapper.FromInteraction(payload);
        return Answer(mapped, "interactions") ?? await AcceptAsync(mapped.Event!, cancellationToken) ?? SlackAck.Ok;
    }

    // The ack for what is not an event (a challenge, ignored, malformed); null when there is an event to accept.
    private SlackAck? Answer(SlackMapResult mapped, string path)
    {
        if (mapped.Challenge is { } challenge)
            return new SlackAck(200, new JsonObject { ["challenge"] = challenge });
        if (mapped.Error is { } error)
        {
            Log.Malformed(logger, path, error);
            return SlackAck.BadRequest(error);
        }
        if (mapped.Event is null)
        {
            Log.Ignored(logger, mapped.Ignored ?? "nothing to do.");
            return SlackAck.Ok;
        }
        return null;
    }

    private async Task<SlackAck?> AcceptAsync(InboundEvent inbound, CancellationToken cancellationToken)
    {
        try
        {
            await intake.AcceptAsync(inbound, cancellationToken);
            return null;
        }
        catch (TransientStoreException ex)
        {
            // Not acknowledged, so Slack sends it again; nothing was stored.
            Log.NotAccepted(logger, ex, inbound.EventId);
            return SlackAck.Unavailable("DesignBot could not take the event in just now; send it again.");
        }
    }

    private static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };
}
