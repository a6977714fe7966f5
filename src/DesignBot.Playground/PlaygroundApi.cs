using System.Reflection;
using DesignBot.Core.Events;
using DesignBot.Core.Storage;
using DesignBot.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DesignBot.Playground;

/// <summary>
/// The local playground: a chat channel in the browser (GET /) and its HTTP API, which automated checks use too.
/// Requests become neutral events in <see cref="PlaygroundMapper"/>. Every change is accepted into the inbox
/// before the page is told of it: what the page shows, the bot has.
/// </summary>
public static class PlaygroundApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static ChannelRef Channel => PlaygroundMapper.Channel;

    /// <summary>ClientId (optional, the page sends one per message) makes a retried post the same message and event.</summary>
    public sealed record PostBody(string? User, string? Text, string? ThreadId, string? ClientId);
    public sealed record EditBody(string? User, string? Text);
    public sealed record DeleteBody(string? User);
    public sealed record ActionBody(string? User, string? MessageId, string? ActionId, string? Value);

    public static IEndpointRouteBuilder MapPlaygroundApi(this IEndpointRouteBuilder app)
    {
        var playground = app.MapGroup("").AddEndpointFilter(PlaygroundGuard.FilterAsync);
        MapPage(playground);
        var api = playground.MapGroup("/playground/api");
        api.MapGet("/messages", GetPageAsync);
        api.MapPost("/messages", PostAsync);
        api.MapPatch("/messages/{id}", EditAsync);
        api.MapDelete("/messages/{id}", DeleteAsync);
        api.MapPost("/actions", PressAsync);
        api.MapGet("/events", StreamEventsAsync);
        return app;
    }

    private static async Task<IResult> GetPageAsync(HttpContext context, PlaygroundStore store, string? before, int? limit, string? user)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
            return JsonBody.Error(StatusCodes.Status400BadRequest, $"\"limit\" must be between 1 and {MaxPageSize}.");
        if (before is not null && PlaygroundStore.SeqOf(before) is null)
            return JsonBody.Error(StatusCodes.Status400BadRequest, $"\"before\" must be a message id such as pm42, not '{before}'.");
        // The channel as this user sees it: messages meant for another member alone are left out.
        var page = store.Page(before, size, string.IsNullOrWhiteSpace(user) ? null : user.Trim());
        context.Response.ContentType = "application/json; charset=utf-8";
        await PlaygroundJson.WritePageAsync(context.Response.Body, page, context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> PostAsync(HttpRequest request, PlaygroundStore store, PlaygroundHub hub, EventIntake intake, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<PostBody>(request, ct);
        if (error is not null)
            return error;
        if ((Invalid(body!.User, body.Text) ?? InvalidClientId(body.ClientId)) is { } invalid)
            return invalid;
        if (body.ThreadId is not null && store.Find(body.ThreadId) is not { ThreadId: null, VisibleTo: null })
            return JsonBody.Error(StatusCodes.Status404NotFound, $"There is no channel message '{body.ThreadId}' to reply to.");

        var user = body.User!.Trim();
        var key = body.ClientId is null ? null : $"client:{user.Length}:{user}:{body.ClientId}";
        var (message, shown) = await store.ReserveAsync(body.ThreadId, user, body.Text!, clock.GetUtcNow(), key, ct);
        if (message.Text != body.Text || message.ThreadId != body.ThreadId)
            return JsonBody.Error(StatusCodes.Status409Conflict, $"clientId '{body.ClientId}' was already used for another message.");
        if (PlaygroundMapper.FromPost(message) is { } inbound && await AcceptAsync(intake, inbound, logs, ct) is { } refused)
            return refused;
        if (!shown)
        {
            // Accepted: the bot will answer, so the message is shown even if the caller went away meanwhile.
            message = await store.ShowAsync(message.Id, CancellationToken.None) ?? message;
            hub.Publish("message", PlaygroundJson.Message(message));
        }
        return Results.Json(new { id = message.Id, threadId = message.ThreadId, ts = PlaygroundJson.Ts(message.Ts) }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> EditAsync(string id, HttpRequest request, PlaygroundStore store, PlaygroundHub hub, EventIntake intake, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<EditBody>(request, ct);
        if (error is not null)
            return error;
        if (Invalid(body!.User, body.Text) is { } invalid)
            return invalid;
        if (FindOwn(store, id, body.User!) is not { } original)
            return OwnershipError(store, id, "edit");

        if (PlaygroundMapper.FromEdit(original, body.Text!, clock.GetUtcNow()) is { } edit && await AcceptAsync(intake, edit, logs, ct) is { } refused)
            return refused;
        if (PlaygroundMapper.RevisionAfterEdit(original, body.Text!) == original.Revision)
            return Results.Text(PlaygroundJson.Message(original), "application/json");
        var edited = await store.UpdateAsync(id, body.Text!, null, markEdited: true, expectedRevision: original.Revision, CancellationToken.None);
        if (edited is null)
            return JsonBody.Error(StatusCodes.Status409Conflict, $"Message '{id}' changed while it was being edited; reload and edit again.");
        hub.Publish("message", PlaygroundJson.Message(edited));
        return Results.Text(PlaygroundJson.Message(edited), "application/json");
    }

    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, PlaygroundStore store, PlaygroundHub hub, EventIntake intake, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<DeleteBody>(request, ct);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.User))
            return JsonBody.Error(StatusCodes.Status400BadRequest, "\"user\" is required: who is deleting (only the author may).");
        if (FindOwn(store, id, body.User) is not { } original)
            return OwnershipError(store, id, "delete");

        if (PlaygroundMapper.FromDelete(original, clock.GetUtcNow()) is { } deletion && await AcceptAsync(intake, deletion, logs, ct) is { } refused)
            return refused;
        if (await store.DeleteAsync(id, CancellationToken.None))
            hub.Publish("deleted", PlaygroundJson.Deleted(id));
        return Results.NoContent();
    }

    private static async Task<IResult> PressAsync(HttpRequest request, PlaygroundStore store, EventIntake intake, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<ActionBody>(request, ct);
        if (error is not null)
            return error;
        if (string.IsNullOrWhiteSpace(body!.User) || string.IsNullOrWhiteSpace(body.MessageId) || string.IsNullOrWhiteSpace(body.ActionId))
            return JsonBody.Error(StatusCodes.Status400BadRequest, "user, messageId and actionId are required.");
        // A message meant for one member is not there for anyone else to press.
        if (store.Find(body.MessageId) is not { IsBot: true } message || (message.VisibleTo is { } only && only != body.User.Trim()))
            return JsonBody.Error(StatusCodes.Status404NotFound, $"There is no bot message '{body.MessageId}'.");
        var pressed = PlaygroundMapper.FromAction(message, body.User.Trim(), body.ActionId, body.Value ?? "", clock.GetUtcNow());
        return await AcceptAsync(intake, pressed, logs, ct) ?? Results.Json(new { accepted = true }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task StreamEventsAsync(HttpContext context, PlaygroundHub hub, IHostApplicationLifetime lifetime, string? user)
    {
        // The stream ends when the page goes away, when the host starts stopping, or when the hub drops a page that fell behind.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = ending.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        // The page's member (?user=): messages meant for another member alone never reach this page.
        var reader = hub.Subscribe(ct, user);
        try
        {
            await context.Response.WriteAsync(": connected\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
            while (await reader.WaitToReadAsync(ct))
            {
                // Write everything that is waiting, then flush once: a busy channel costs one flush per burst.
                while (reader.TryRead(out var item))
                    await context.Response.WriteAsync($"event: {item.Event}\ndata: {item.Json}\n\n", ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away or the host is stopping.
        }
    }

    /// <summary>Null when the inbox has the event (new or a retry); otherwise the 503 that tells the caller to try again.</summary>
    private static async Task<IResult?> AcceptAsync(EventIntake intake, InboundEvent inbound, ILoggerFactory logs, CancellationToken ct)
    {
        try
        {
            await intake.AcceptAsync(inbound, ct);
            return null;
        }
        catch (TransientStoreException ex)
        {
            Log.NotAccepted(logs.CreateLogger(typeof(PlaygroundApi)), ex, inbound.EventId);
            return Results.Json(new { error = "The bot could not take the message in just now, so it was not posted; send it again." },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static PlaygroundMessage? FindOwn(PlaygroundStore store, string id, string user) =>
        store.Find(id) is { IsBot: false } original && string.Equals(original.User, user.Trim(), StringComparison.Ordinal) ? original : null;

    private static IResult OwnershipError(PlaygroundStore store, string id, string verb) => store.Find(id) is { IsBot: false } original
        ? JsonBody.Error(StatusCodes.Status403Forbidden, $"Only {original.User} can {verb} this message.")
        : JsonBody.Error(StatusCodes.Status404NotFound, $"There is no user message '{id}'.");

    private static IResult? Invalid(string? user, string? text)
    {
        if (string.IsNullOrWhiteSpace(user))
            return JsonBody.Error(StatusCodes.Status400BadRequest, "\"user\" is required: who is speaking (e.g. alice).");
        if (user.Length > 80)
            return JsonBody.Error(StatusCodes.Status400BadRequest, "\"user\" is longer than 80 characters.");
        if (string.IsNullOrWhiteSpace(text))
            return JsonBody.Error(StatusCodes.Status400BadRequest, "\"text\" is required and must not be empty.");
        return null;
    }

    private static IResult? InvalidClientId(string? clientId) => clientId is { Length: 0 or > 100 }
        ? JsonBody.Error(StatusCodes.Status400BadRequest, "\"clientId\" must be 1 to 100 characters when given.")
        : null;

    // The page (index.html, app.js, app.css) is embedded, so `dotnet run` needs no static-file setup.
    private static void MapPage(IEndpointRouteBuilder app)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var (route, file, type) in new[]
        {
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/app.js", "app.js", "text/javascript; charset=utf-8"),
            ("/app.css", "app.css", "text/css; charset=utf-8"),
        })
        {
            app.MapGet(route, () =>
            {
                var stream = assembly.GetManifestResourceStream($"playground/{file}");
                return stream is null ? Results.NotFound() : Results.Stream(stream, type);
            });
        }
    }
}
