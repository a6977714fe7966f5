using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace DesignBot.Playground;

/// <summary>
/// Reads a JSON request body with a size limit, turning every failure into a clear 400, 413 or 415. Only
/// <c>application/json</c> is read: another website can send text/plain or a form without a CORS preflight, never JSON.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Error(StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON, sent with Content-Type: application/json."));
        if (request.ContentLength > MaxBytes)
            return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                    return (null, TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The client's fault, not ours: a body sent slower than Kestrel's minimum rate (408) or cut off (400).
            // Kestrel logs it at debug level; it is no unhandled error.
            return (null, Error(ex.StatusCode, ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The request body arrived too slowly."
                : "The request body ended before it was complete."));
        }
        if (buffer.Length == 0)
            return (null, Error(StatusCodes.Status400BadRequest, "The request body is empty; send a JSON object."));
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), s_options);
            return value is null ? (null, Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return (null, Error(StatusCodes.Status400BadRequest, $"Malformed JSON{where}: {FirstSentence(ex.Message)}"));
        }
    }

    public static IResult Error(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);

    private static IResult TooLarge() => Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBytes / 1024} KB.");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
