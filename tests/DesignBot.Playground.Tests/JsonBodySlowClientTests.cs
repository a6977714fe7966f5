using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Playground.Tests;

/// <summary>A client that sends its body too slowly or stops halfway gets a client error, not a 500 and an error in the log.</summary>
public class JsonBodySlowClientTests
{
    private sealed record Body(string User);

    /// <summary>A body that fails as Kestrel's does when the client is too slow (408) or the body is cut short (400).</summary>
    private sealed class FailingBody(int status) : Stream
    {
        private bool _sentSome;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sentSome)
            {
                _sentSome = true;
                buffer.Span[0] = (byte)'{';
                return ValueTask.FromResult(1);
            }
            throw new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", status);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout, "too slowly")]
    [InlineData(StatusCodes.Status400BadRequest, "ended before it was complete")]
    public async Task A_body_that_fails_to_arrive_is_a_client_error(int status, string reason)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.ContentType = "application/json";
        context.Request.Body = new FailingBody(status);
        context.Response.Body = new MemoryStream();

        var (value, error) = await JsonBody.ReadAsync<Body>(context.Request, CancellationToken.None);

        Assert.Null(value);
        Assert.NotNull(error);
        await error.ExecuteAsync(context);
        Assert.Equal(status, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Contains(reason, json.RootElement.GetProperty("error").GetString());
    }
}
