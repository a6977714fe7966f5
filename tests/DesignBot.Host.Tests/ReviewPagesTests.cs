using System.Net;
using DesignBot.Core.Storage;
using DesignBot.Host.ReviewPages;
using DesignBot.Playground;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Host.Tests;

public sealed class ReviewPagesTests : IDisposable
{
    private readonly HostFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task HEAD_answers_like_GET_without_the_body()
    {
        var client = _factory.Playground();
        await client.SendAsync("alice", "/design start Head check");
        await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)), "the first question");
        var review = Assert.Single(await _factory.Services.GetRequiredService<IReviewStore>().ListReviewsAsync(PlaygroundApi.Channel));
        var links = _factory.Services.GetRequiredService<ReviewLinkSigner>().For(review.Id);

        foreach (var url in new[] { links.Page, links.Markdown })
        {
            var path = new Uri(url).PathAndQuery;
            using var get = await client.Http.GetAsync(path);
            using var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
            Assert.True(get.Content.Headers.ContentLength > 0);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());

            using var forged = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path.Split('?')[0] + "?sig=AAAA"));
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }
    }

    [Fact]
    public async Task The_page_runs_under_a_strict_policy_with_its_assets_and_the_decision_records_are_signed_too()
    {
        var client = _factory.Playground();
        await client.SendAsync("alice", "/design start Policy check");
        await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)), "the first question");
        var review = Assert.Single(await _factory.Services.GetRequiredService<IReviewStore>().ListReviewsAsync(PlaygroundApi.Channel));
        var links = _factory.Services.GetRequiredService<ReviewLinkSigner>().For(review.Id);

        using var page = await client.Http.GetAsync(new Uri(links.Page).PathAndQuery);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("connect-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));

        // Mermaid and the page's script come from this host.
        using var mermaid = await client.Http.GetAsync(ReviewAssets.MermaidPath);
        Assert.Equal(HttpStatusCode.OK, mermaid.StatusCode);
        Assert.Equal("text/javascript", mermaid.Content.Headers.ContentType!.MediaType);
        Assert.True((await mermaid.Content.ReadAsByteArrayAsync()).Length > 1_000_000, "the whole Mermaid bundle");
        Assert.Contains("mermaid.run", await client.Http.GetStringAsync(ReviewAssets.PagePath));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/reviews/assets/other.js")).StatusCode);

        Assert.NotNull(links.DecisionRecords);
        var decisions = new Uri(links.DecisionRecords).PathAndQuery;
        using var adr = await client.Http.GetAsync(decisions);
        Assert.Equal("text/markdown", adr.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("# Architecture decision records: Policy check", await adr.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("sandbox", string.Join(";", adr.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(decisions.Split('?')[0] + "?sig=AAAA")).StatusCode);
    }
}
