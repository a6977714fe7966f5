using System.Text;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Host.ReviewPages;

/// <summary>
/// GET (and HEAD) /reviews/{id} (HTML), /reviews/{id}.md (Markdown) and /reviews/{id}.adr.md (the decisions as
/// architecture decision records), behind signed links; the page's static files under /reviews/assets/.
/// </summary>
public static class ReviewPagesApi
{
    // The page runs only the host's own scripts; Mermaid writes <style> into the SVGs it draws, hence inline styles.
    // No request leaves the page (connect-src), and the signed link is never sent on as a referrer.
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // A Markdown file opened in a browser is text, and even so runs nothing.
    private const string FilePolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

    private const string DecisionsSuffix = ".adr.md";
    private const string MarkdownSuffix = ".md";

    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder app)
    {
        app.MapReviewAssets();
        app.MapMethods("/reviews/{id}", [HttpMethods.Get, HttpMethods.Head], async (string id, string? sig, HttpContext context, IReviewStore store, ReviewEngine engine, ReviewLinkSigner signer, CancellationToken ct) =>
        {
            var (reviewId, format) = id.EndsWith(DecisionsSuffix, StringComparison.Ordinal) ? (id[..^DecisionsSuffix.Length], Format.Decisions)
                : id.EndsWith(MarkdownSuffix, StringComparison.Ordinal) ? (id[..^MarkdownSuffix.Length], Format.Markdown)
                : (id, Format.Page);
            // Unsigned, forged and unknown links look the same: not found.
            if (!signer.Verify(reviewId, sig) || await store.GetReviewAsync(reviewId, ct) is not { } snapshot)
                return Results.NotFound();
            // The review's own template; one this host no longer loads cannot be laid out (the operator removed its file).
            if (engine.Templates.Find(snapshot.State.TemplateId) is not { } template)
                return Results.Text(TemplateMessages.TemplateGone(snapshot.State), "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            var view = new ReviewView(template, snapshot.State, snapshot.Answers);
            var links = signer.For(reviewId);
            var (content, contentType) = format switch
            {
                Format.Decisions => (DecisionRecords.Markdown(view, links), "text/markdown; charset=utf-8"),
                Format.Markdown => (DesignDocument.Markdown(ReviewDocument.Build(view, links)), "text/markdown; charset=utf-8"),
                _ => (DesignDocumentHtml.Render(ReviewDocument.Build(view, links)), "text/html; charset=utf-8"),
            };
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = format == Format.Page ? PagePolicy : FilePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!HttpMethods.IsHead(context.Request.Method))
                return Results.Text(content, contentType);
            // HEAD answers as GET does (status, type, length) without the body: link checkers and chat previews ask first.
            context.Response.ContentType = contentType;
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(content);
            return Results.Empty;
        });
        return app;
    }

    private enum Format { Page, Markdown, Decisions }
}
