using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Reflection;
using DesignBot.Core.Events;

using DesignBot.Pipeline;

namespace DesignBot.Playground;

/// <summary>
/// The local playground: a chat channel in the browser (GET /) and its HTTP API, which automated checks use too.
/// Here a playground message becomes a neutral inbound event, as Slack and Teams payloads do in their adapters.
/// </summary>
public static class PlaygroundApi
{
    public static readonly ChannelRef Channel = new(PlaygroundChannelClient.PlatformName, "general");

    public sealed record PostBody(string? User, string? Text, string? ThreadId);
    public sealed record EditBody(string? User, string? Text);
    public sealed record ActionBody(string? User, string? MessageId, string? ActionId, string? Value);

    public static IEndpointRouteBuilder MapPlaygroundApi(this IEndpointRouteBuilder app)
    {
        MapPage(app);
        var api = app.MapGroup("/playground/api");

        api.MapGet("/messages", (PlaygroundStore store) => Results.Text(PlaygroundJson.Messages(store.All()), "application/json"));

        api.MapPost("/messages", async (HttpRequest request, PlaygroundStore store, PlaygroundHub hub, EventIntake intake, TimeProvider clock, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync<PostBody>(request, ct);
            if (error is not null)
                return error;
            if (Invalid(body!.User, body.Text) is { } invalid)
                return invalid;
            if (body.ThreadId is not null && store.Find(body.ThreadId) is not { ThreadId: null })
                return JsonBody.Error(StatusCodes.Status404NotFound, $"There is no channel message '{body.ThreadId}' to reply to.");

            var message = await store.AddAsync(body.ThreadId, body.User!.Trim(), isBot: false, body.Text!, null, clock.GetUtcNow());
            hub.Publish("message", PlaygroundJson.Message(message));
            if (ToEvent(message) is { } inbound)
                await intake.AcceptAsync(inbound, ct);
            return Results.Json(new { id = message.Id, threadId = message.ThreadId, ts = PlaygroundJson.Ts(message.Ts) }, statusCode: StatusCodes.Status201Created);
        });

        api.MapPatch("/messages/{id}", async (string id, HttpRequest request, PlaygroundStore store, PlaygroundHub hub, EventIntake intake, TimeProvider clock, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync<EditBody>(request, ct);
            if (error is not null)
                return error;
            if (Invalid(body!.User, body.Text) is { } invalid)
                return invalid;
            if (store.Find(id) is not { IsBot: false } original)
                return JsonBody.Error(StatusCodes.Status404NotFound, $"There is no user message '{id}'.");
            if (!string.Equals(original.User, body.User!.Trim(), StringComparison.Ordinal))
                return JsonBody.Error(StatusCodes.Status403Forbidden, $"Only {original.User} can edit this message.");

            var edited = (await store.UpdateAsync(id, body.Text!, null, markEdited: true))!;
            hub.Publish("message", PlaygroundJson.Message(edited));
            if (edited.ThreadId is not null)
            {
                var at = clock.GetUtcNow();
                await intake.AcceptAsync(new ReplyEditedEvent($"pg-{id}-edit-{at.UtcTicks}", Channel, User(edited.User), at, edited.ThreadId, id, edited.Text, edited.Ts), ct);
            }
            return Results.Text(PlaygroundJson.Message(edited), "application/json");
        });

        api.MapDelete("/messages/{id}", async (string id, PlaygroundStore store, PlaygroundHub hub, EventIntake intake, TimeProvider clock, CancellationToken ct) =>
        {
            if (store.Find(id) is not { IsBot: false } original || !await store.DeleteAsync(id))
                return JsonBody.Error(StatusCodes.Status404NotFound, $"There is no user message '{id}'.");
            hub.Publish("deleted", PlaygroundJson.Deleted(id));
            if (original.ThreadId is not null)
                await intake.AcceptAsync(new ReplyDeletedEvent($"pg-{id}-delete", Channel, User(original.User), clock.GetUtcNow(), original.ThreadId, id), ct);
            return Results.NoContent();
        });

        api.MapPost("/actions", async (HttpRequest request, PlaygroundStore store, EventIntake intake, TimeProvider clock, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync<ActionBody>(request, ct);
            if (error is not null)
                return error;
            if (string.IsNullOrWhiteSpace(body!.User) || string.IsNullOrWhiteSpace(body.MessageId) || string.IsNullOrWhiteSpace(body.ActionId))
                return JsonBody.Error(StatusCodes.Status400BadRequest, "user, messageId and actionId are required.");
            if (store.Find(body.MessageId) is not { IsBot: true } message)
                return JsonBody.Error(StatusCodes.Status404NotFound, $"There is no bot message '{body.MessageId}'.");
            var at = clock.GetUtcNow();
            var pressed = new ButtonPressedEvent($"pg-action-{Guid.NewGuid():N}", Channel, User(body.User.Trim()), at, message.ThreadId, message.Id, body.ActionId, body.Value ?? "");
            await intake.AcceptAsync(pressed, ct);
            return Results.Json(new { accepted = true }, statusCode: StatusCodes.Status202Accepted);
        });

        api.MapGet("/events", async (HttpContext context, PlaygroundHub hub) =>
        {
            var ct = context.RequestAborted;
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var reader = hub.Subscribe(ct);
            await context.Response.WriteAsync(": connected\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
            try
            {
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
                // The page went away.
            }
        });
        return app;
    }

    /// <summary>A channel message starting with /design (or @DesignBot) is a command; a thread message is a reply; other channel chatter is no event.</summary>
    public static InboundEvent? ToEvent(PlaygroundMessage message)
    {
        var eventId = $"pg-{message.Id}";
        if (message.ThreadId is not null)
            return new ThreadReplyEvent(eventId, Channel, User(message.User), message.Ts, message.ThreadId, message.Id, message.Text);
        var text = message.Text.TrimStart();
        foreach (var prefix in new[] { "/design", "@DesignBot" })
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (text.Length == prefix.Length || char.IsWhiteSpace(text[prefix.Length])))
                return new CommandEvent(eventId, Channel, User(message.User), message.Ts, text[prefix.Length..].Trim());
        }
        return null;
    }

    private static UserRef User(string name) => new(name, name);

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

    // The page (index.html, app.js, app.css) is embedded in the host, so `dotnet run` needs no static-file setup.
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
