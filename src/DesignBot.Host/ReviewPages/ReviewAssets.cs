using System.Reflection;

namespace DesignBot.Host.ReviewPages;

/// <summary>
/// The design document page's static files, embedded in the host (so `dotnet run` needs nothing but the SDK) and served
/// from its own origin: Mermaid (npm `mermaid`, `dist/mermaid.min.js`, MIT — its LICENSE is beside it) and the page's
/// own script. Nothing is loaded from any other server.
/// </summary>
public static class ReviewAssets
{
    public const string MermaidPath = "/reviews/assets/mermaid.min.js";
    public const string PagePath = "/reviews/assets/review.js";

    private static readonly Dictionary<string, (string Resource, string ContentType)> s_files = new(StringComparer.Ordinal)
    {
        ["mermaid.min.js"] = ("reviewpages/mermaid.min.js", "text/javascript; charset=utf-8"),
        ["review.js"] = ("reviewpages/review.js", "text/javascript; charset=utf-8"),
        ["mermaid.LICENSE"] = ("reviewpages/mermaid.LICENSE", "text/plain; charset=utf-8"),
    };

    private static readonly Lazy<Dictionary<string, byte[]>> s_loaded = new(() =>
        s_files.ToDictionary(f => f.Key, f => Read(f.Value.Resource), StringComparer.Ordinal));

    public static IEndpointRouteBuilder MapReviewAssets(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/reviews/assets/{name}", [HttpMethods.Get, HttpMethods.Head], (string name, HttpContext context) =>
        {
            if (!s_files.TryGetValue(name, out var file))
                return Results.NotFound();
            context.Response.Headers.XContentTypeOptions = "nosniff";
            // The files change only with the host; a day's caching spares the 3 MB of Mermaid on every page view.
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(s_loaded.Value[name], file.ContentType);
        });
        return app;
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The host is built without its embedded file {resource}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
