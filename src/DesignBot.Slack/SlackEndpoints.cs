using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DesignBot.Slack;

/// <summary>
/// <c>POST /slack/events</c> (Events API, JSON), <c>POST /slack/commands</c> (slash commands, form) and
/// <c>POST /slack/interactions</c> (a form whose <c>payload</c> is JSON). Every request's signature is checked over the raw
/// body before anything is read from it (401, nothing processed); a body over <see cref="MaxBodyBytes"/> is 413; a body
/// that is not what Slack sends is 400 with the reason. Then the event is accepted into the inbox and acknowledged.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>Slack's payloads are a few KB; a megabyte is far more than any of them.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/slack");
        slack.MapPost("/events", (HttpContext context, ISlackInbound inbound, CancellationToken ct) =>
            HandleAsync(context, body => Events(body, inbound, ct)));
        slack.MapPost("/commands", (HttpContext context, ISlackInbound inbound, CancellationToken ct) =>
            HandleAsync(context, body => Form(body) is { } form ? inbound.CommandAsync(form, ct) : Task.FromResult(SlackAck.BadRequest("The body must be a form (application/x-www-form-urlencoded)."))));
        slack.MapPost("/interactions", (HttpContext context, ISlackInbound inbound, CancellationToken ct) =>
            HandleAsync(context, body => Interaction(body, inbound, ct)));
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, Func<byte[], Task<SlackAck>> handle)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints));
        var (body, error) = await ReadAsync(context.Request, context.RequestAborted);
        if (error is not null)
            return error;
        var secret = services.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret ?? "";
        var request = context.Request;
        var verdict = secret.Length == 0
            ? SlackSignature.Result.Missing
            : SlackSignature.Verify(secret, request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body, services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (verdict != SlackSignature.Result.Valid)
        {
            Log.SignatureRefused(logger, request.Path, verdict.ToString());
            return Results.Json(new { error = $"The request is not signed by Slack ({Describe(verdict)})." }, statusCode: StatusCodes.Status401Unauthorized);
        }
        var ack = await handle(body!);
        if (ack.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "1";
        return ack.Body is null ? Results.StatusCode(ack.Status) : Results.Text(ack.Body.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, ack.Status);
    }

    private static string Describe(SlackSignature.Result verdict) => verdict switch
    {
        SlackSignature.Result.Missing => "X-Slack-Signature and X-Slack-Request-Timestamp are required",
        SlackSignature.Result.Stale => "the timestamp is more than 5 minutes away from now",
        _ => "the signature does not match",
    };

    private static Task<SlackAck> Events(byte[] body, ISlackInbound inbound, CancellationToken ct)
    {
        if (Json(body, out var root, out var reason))
            return inbound.EventsAsync(root, ct);
        return Task.FromResult(SlackAck.BadRequest(reason!));
    }

    private static Task<SlackAck> Interaction(byte[] body, ISlackInbound inbound, CancellationToken ct)
    {
        if (Form(body) is not { } form || !form.TryGetValue("payload", out var payload))
            return Task.FromResult(SlackAck.BadRequest("The body must be a form with a \"payload\" field."));
        if (Json(Encoding.UTF8.GetBytes(payload), out var root, out var reason))
            return inbound.InteractionAsync(root, ct);
        return Task.FromResult(SlackAck.BadRequest($"payload: {reason}"));
    }

    private static bool Json(byte[] body, out JsonElement root, out string? reason)
    {
        root = default;
        reason = null;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException ex)
        {
            reason = $"Malformed JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).";
            return false;
        }
    }

    /// <summary>A form body's fields (the last value of a repeated one); null when it is not a form.</summary>
    internal static Dictionary<string, string>? Form(byte[] body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        if (text.Length == 0 || text.TrimStart().StartsWith('{'))
            return null;
        try
        {
            var fields = new FormReader(text).ReadForm();
            return fields.ToDictionary(f => f.Key, f => f.Value.LastOrDefault() ?? "", StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    private static async Task<(byte[]? Body, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                    return (null, TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Results.Json(new { error = ex.StatusCode == StatusCodes.Status408RequestTimeout ? "The request body arrived too slowly." : "The request body ended before it was complete." }, statusCode: ex.StatusCode));
        }
        return (buffer.ToArray(), null);
    }

    private static IResult TooLarge() =>
        Results.Json(new { error = $"The request body is larger than {MaxBodyBytes / 1024} KB." }, statusCode: StatusCodes.Status413PayloadTooLarge);
}
