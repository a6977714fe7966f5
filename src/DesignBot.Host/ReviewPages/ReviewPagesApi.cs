using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Host.ReviewPages;

/// <summary>GET /reviews/{id} (HTML) and /reviews/{id}.md (Markdown), behind signed links.</summary>
public static class ReviewPagesApi
{
    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reviews/{id}", async (string id, string? sig, IReviewStore store, ReviewEngine engine, ReviewLinkSigner signer, CancellationToken ct) =>
        {
            var markdown = id.EndsWith(".md", StringComparison.Ordinal);
            var reviewId = markdown ? id[..^3] : id;
            // Unsigned, forged and unknown links look the same: not found.
            if (!signer.Verify(reviewId, sig) || await store.GetReviewAsync(reviewId, ct) is not { } snapshot)
                return Results.NotFound();
            var view = new ReviewView(engine.Template, snapshot.State, snapshot.Answers);
            var links = signer.For(reviewId);
            return markdown
                ? Results.Text(DesignDocument.Markdown(view, links), "text/markdown; charset=utf-8")
                : Results.Content(DesignDocumentHtml.Render(view, links), "text/html; charset=utf-8");
        });
        return app;
    }
}
