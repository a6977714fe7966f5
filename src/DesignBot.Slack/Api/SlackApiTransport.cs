using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DesignBot.Slack.Api;

/// <summary>
/// One call to Slack's Web API (<c>{ApiBaseUrl}{method}</c>) with a bearer token: JSON bodies for the write methods,
/// form bodies for the read ones (which take no JSON). Turns every way Slack says no into a <see cref="SlackApiException"/>.
/// </summary>
public sealed class SlackApiTransport(HttpClient http, Uri apiBase)
{
    public Uri ApiBase { get; } = apiBase;

    public Task<JsonElement> PostJsonAsync(string method, JsonObject body, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return SendAsync(method, content, token, cancellationToken);
    }

    public Task<JsonElement> PostFormAsync(string method, IEnumerable<KeyValuePair<string, string>> fields, string token, CancellationToken cancellationToken = default) =>
        SendAsync(method, new FormUrlEncodedContent(fields), token, cancellationToken);

    /// <summary>Uploads bytes to a pre-signed URL from files.getUploadURLExternal (no token: the URL is the permission).</summary>
    public async Task UploadAsync(Uri uploadUrl, string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var response = await http.PostAsync(uploadUrl, form, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SlackApiException("files upload", string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}"), RetryAfter(response));
    }

    private async Task<JsonElement> SendAsync(string method, HttpContent content, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ApiBase, method)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new SlackApiException(method, "ratelimited", RetryAfter(response) ?? TimeSpan.FromSeconds(1));
        if (!response.IsSuccessStatusCode)
            throw new SlackApiException(method, string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}"), RetryAfter(response));
        JsonElement root;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = JsonDocument.Parse(bytes);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new SlackApiException(method, "invalid_response", innerException: ex);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "invalid_response";
            throw new SlackApiException(method, error, error == "ratelimited" ? RetryAfter(response) ?? TimeSpan.FromSeconds(1) : null);
        }
        return root;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
            return null;
        if (retryAfter.Delta is { } delta)
            return delta;
        return retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}
