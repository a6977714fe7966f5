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
}
