using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DesignBot.Playground.Tests;

public sealed class PlaygroundGuardTests
{
    private static readonly PlaygroundOptions s_options = new() { PublicBaseUrl = "https://designbot.example.com" };

    private static HttpRequest Request(string host, string? origin = null, string scheme = "http", string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        if (origin is not null)
            context.Request.Headers.Origin = origin;
        if (forwardedFor is not null)
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return context.Request;
    }

    private static int? Status(HttpRequest request, IPAddress? remote, PlaygroundOptions? options = null) =>
        (PlaygroundGuard.Refusal(request, remote, options ?? s_options) as IStatusCodeHttpResult)?.StatusCode;

    [Theory]
    [InlineData("localhost:3978")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("[::1]:5000")]
    [InlineData("LOCALHOST")]
    [InlineData("designbot.example.com")]
    public void This_machine_s_names_and_the_public_host_are_served(string host) => Assert.Null(Status(Request(host), IPAddress.Loopback));

    [Theory]
    [InlineData("rebind.attacker.example")]
    [InlineData("localhost.attacker.example")]
    [InlineData("192.168.1.20:3978")]
    [InlineData("")]
    public void Any_other_host_name_is_a_400_so_dns_rebinding_gets_nothing(string host) =>
        Assert.Equal(StatusCodes.Status400BadRequest, Status(Request(host), IPAddress.Loopback));

    [Fact]
    public void Callers_from_other_machines_get_403_unless_remote_access_is_allowed()
    {
        Assert.Equal(StatusCodes.Status403Forbidden, Status(Request("localhost"), IPAddress.Parse("203.0.113.9")));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(Request("localhost"), null));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(Request("localhost", forwardedFor: "203.0.113.9"), IPAddress.Loopback));
        Assert.Null(Status(Request("localhost"), IPAddress.IPv6Loopback));
        Assert.Null(Status(Request("designbot.example.com"), IPAddress.Parse("203.0.113.9"), new PlaygroundOptions { PublicBaseUrl = s_options.PublicBaseUrl, AllowRemote = true }));
    }

    [Fact]
    public void Another_website_s_origin_is_refused_and_this_host_s_own_is_not()
    {
        Assert.Equal(StatusCodes.Status403Forbidden, Status(Request("localhost:3978", origin: "https://attacker.example"), IPAddress.Loopback));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(Request("localhost:3978", origin: "null"), IPAddress.Loopback));
        Assert.Equal(StatusCodes.Status403Forbidden, Status(Request("localhost:3978", origin: "http://localhost:4000"), IPAddress.Loopback));
        Assert.Null(Status(Request("localhost:3978", origin: "http://localhost:3978"), IPAddress.Loopback));
        // Behind TLS termination the request is http, the page's origin the public one.
        Assert.Null(Status(Request("designbot.example.com", origin: "https://designbot.example.com"), IPAddress.Loopback));
    }

    [Fact]
    public void Every_answer_forbids_framing_sniffing_and_inline_script()
    {
        IHeaderDictionary headers = new HeaderDictionary();
        PlaygroundGuard.AddSecurityHeaders(headers);
        Assert.Contains("default-src 'self'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", headers.XFrameOptions);
        Assert.Equal("nosniff", headers.XContentTypeOptions);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_json_is_a_415_even_when_it_parses(string? contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{\"user\":\"mallory\",\"text\":\"/design cancel\"}"));
        var (value, error) = await JsonBody.ReadAsync<PlaygroundApi.PostBody>(context.Request, CancellationToken.None);
        Assert.Null(value);
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, (error as IStatusCodeHttpResult)?.StatusCode);
    }
}
