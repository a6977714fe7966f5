using System.Text.Json.Nodes;
using DesignBot.Core.Storage;
using DesignBot.Pipeline;
using DesignBot.Teams.Auth;
using DesignBot.Teams.Inbound;
using DesignBot.Teams.Outbound;
using DesignBot.Core.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DesignBot.Teams;

/// <summary>
/// <c>POST /api/messages</c>: the Bot Connector's calls. Authenticated first (bearer JWT, then the activity's channel and
/// service URL against the token), then stored in the inbox before the answer (200), so a retry changes nothing and a crash
/// after the answer loses nothing. An <c>adaptiveCard/action</c> invoke is answered in the response itself. Bad input
/// gets a 4xx and nothing is processed: no token or a bad one 401, a body over the limit 413, no activity 400.
/// </summary>
public sealed class TeamsEndpoint(InboundTokenValidator validator, EventIntake intake, BotConnector connector, ILogger<TeamsEndpoint> logger)
{
    public const string Path = "/api/messages";
    public const int MaxBodyBytes = 256 * 1024;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        ValidatedToken? token;
        string? reason;
        try
        {
            (token, reason) = await validator.ValidateAsync(request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The keys could not be fetched: no token can be checked, so none is trusted. Teams tries again later.
            Log.KeysUnavailable(logger, ex);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (token is null)
            return Unauthorized(reason!);

        var (body, error) = await ReadBodyAsync(request, cancellationToken);
        if (error is not null)
            return error;
        if (Activity.Parse(body) is not { } activity)
            return Results.BadRequest(new { error = "The body is not a Bot Framework activity (a JSON object with a type)." });
        if (!token.AllowsActivity(activity.ChannelId, activity.ServiceUrl))
            return Unauthorized("the token does not cover this activity's channel or service URL");

        var mapped = TeamsMapper.Map(activity);
        if (mapped.Event is { } inbound)
        {
            try
            {
                var accepted = await intake.AcceptAsync(inbound, cancellationToken);
                if (mapped.IsCardAction)
                    return CardActionResponse(accepted.ImmediateResponse?.FallbackText ?? "Got it.");
            }
            catch (Exception ex) when (ex is TransientStoreException or TimeoutException)
            {
                Log.NotAccepted(logger, ex, activity.Id ?? "?");
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
        }
        else if (mapped.IsCardAction)
        {
            return CardActionResponse("This button is no longer in use.");
        }
        else if (mapped.ChatNotice is { } notice)
        {
            await AnswerInChatAsync(activity, notice, cancellationToken);
        }
        return Results.Ok();
    }

    /// <summary>The invoke response Teams shows for an Action.Execute: a short message; the card itself is updated by the bot's own PUT.</summary>
    public static IResult CardActionResponse(string message) => Results.Json(new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = message,
    });

    // Said at once and not stored: nothing depends on it, and a retried activity just says it again.
    private async Task AnswerInChatAsync(Activity activity, string notice, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendToConversationAsync(activity.ServiceUrl!, activity.ConversationId!, AdaptiveCardWriter.Activity(ReviewMessages.Text(notice)), cancellationToken);
        }
        catch (Exception ex) when (ex is Core.Turns.ChannelSendException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.ChatNoticeFailed(logger, ex);
        }
    }

    private IResult Unauthorized(string reason)
    {
        Log.Refused(logger, reason);
        return Results.Unauthorized();
    }

    private static async Task<(byte[] Body, IResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return ([], TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                    return ([], TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return ([], Results.StatusCode(ex.StatusCode));
        }
        return (buffer.ToArray(), null);
    }

    private static IResult TooLarge() => Results.Json(new { error = $"The body is larger than {MaxBodyBytes / 1024} KB." }, statusCode: StatusCodes.Status413PayloadTooLarge);
}
