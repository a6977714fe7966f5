using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DesignBot.Playground;

/// <summary>
/// What keeps the playground safe in a production host. It lets anyone act as anyone, so it answers only:
/// a Host header naming this machine or the public base URL (no DNS rebinding, 400), a loopback caller unless
/// Playground:AllowRemote (403), and no other website (an Origin that is not this host's own, 403; request
/// bodies must be JSON, which a cross-site form or no-preflight fetch cannot send, see <see cref="JsonBody"/>).
/// Every answer, the page's included, forbids framing and inline script.
/// </summary>
public static class PlaygroundGuard
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] s_loopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        AddSecurityHeaders(context.Response.Headers);
        var options = context.RequestServices.GetRequiredService<IOptions<PlaygroundOptions>>().Value;
        if (Refusal(context.Request, context.Connection.RemoteIpAddress, options) is { } refusal)
            return refusal;
        return await next(invocation);
    }

    public static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        // Bot messages carry signed document links; a click out of the page must not hand them on.
        headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>Null when the request may go on; otherwise the status and reason it gets.</summary>
    public static IResult? Refusal(HttpRequest request, IPAddress? remote, PlaygroundOptions options)
    {
        var publicUri = Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var parsed) ? parsed : null;
        if (!AllowedHost(request.Host, publicUri))
            return JsonBody.Error(StatusCodes.Status400BadRequest, $"The playground does not answer to the host name '{request.Host.Host}'; use localhost or the configured public URL.");
        if (!options.AllowRemote)
        {
            // A proxy on this machine makes remote callers look local; what it forwards is not a loopback request.
            var forwarded = request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("Forwarded");
            if (remote is null || !IPAddress.IsLoopback(remote) || forwarded)
                return JsonBody.Error(StatusCodes.Status403Forbidden, "The playground answers requests from this machine only; set Playground:AllowRemote=true to serve others.");
        }
        if (request.Headers.Origin is { Count: > 0 } origin && !AllowedOrigin(origin.ToString(), request, publicUri))
            return JsonBody.Error(StatusCodes.Status403Forbidden, $"Requests from other websites ({origin}) are refused.");
        return null;
    }

    private static bool AllowedHost(HostString host, Uri? publicUri)
    {
        if (!host.HasValue)
            return false;
        var name = host.Host;
        return s_loopbackHosts.Contains(name, StringComparer.OrdinalIgnoreCase)
            || (publicUri is not null && string.Equals(publicUri.Host.Trim('[', ']'), name.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));
    }

    private static bool AllowedOrigin(string origin, HttpRequest request, Uri? publicUri)
    {
        var own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || (publicUri is not null && string.Equals(origin, publicUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
