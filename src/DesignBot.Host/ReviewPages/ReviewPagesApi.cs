using System.Text;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Host.ReviewPages;

/// <summary>GET (and HEAD) /reviews/{id} (HTML) and /reviews/{id}.md (Markdown), behind signed links.</summary>
public static class ReviewPagesApi
{
    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/reviews/{id}", [HttpMethods.Get, HttpMethods.Head], async (string id, string? sig, HttpContext context, IReviewStore store, ReviewEngine engine, ReviewLinkSigner signer, CancellationToken ct) =>
        {
            var markdown = id.EndsWith(".md", StringComparison.Ordinal);
            var reviewId = markdown ? id[..^3] : id;
            // Unsigned, forged and unknown links look the same: not found.
            if (!signer.Verify(reviewId, sig) || await store.GetReviewAsync(reviewId, ct) is not { } snapshot)
                return Results.NotFound();
            // The review's own template; one this host no longer loads cannot be laid out (the operator removed its file).
            if (engine.Templates.Find(snapshot.State.TemplateId) is not { } template)
                return Results.Text(TemplateMessages.TemplateGone(snapshot.State), "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            var document = ReviewDocument.Build(new ReviewView(template, snapshot.State, snapshot.Answers), signer.For(reviewId));
            var (content, contentType) = markdown
                ? (DesignDocument.Markdown(document), "text/markdown; charset=utf-8")
                : (DesignDocumentHtml.Render(document), "text/html; charset=utf-8");
            if (!HttpMethods.IsHead(context.Request.Method))
                return Results.Text(content, contentType);
            // HEAD answers as GET does (status, type, length) without the body: link checkers and chat previews ask first.
            context.Response.ContentType = contentType;
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(content);
            return Results.Empty;
        });
        return app;
    }
}
