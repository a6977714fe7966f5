using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;

namespace DesignBot.Teams.Auth;

/// <summary>The bearer token for calls to the Bot Connector (scope https://api.botframework.com/.default).</summary>
public interface IConnectorTokenSource
{
    Task<string> GetTokenAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Caches a token until shortly before it expires; one token serves every customer tenant, so there is one cache.
/// Concurrent callers share one fetch.
/// </summary>
public abstract class CachedTokenSource(TimeProvider clock) : IConnectorTokenSource
{
    /// <summary>A token this close to its expiry is renewed rather than used.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    // A reference, swapped whole: readers outside the lock never see half of one token and half of another.
    private volatile CachedToken? _cached;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } token)
            return token;
        await _fetch.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } fetched)
                return fetched;
            var (value, expiresAt) = await FetchAsync(cancellationToken);
            _cached = new CachedToken(value, expiresAt);
            return value;
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>Drops the cached token (the connector refused it).</summary>
    public void Forget() => _cached = null;

    protected abstract Task<(string Token, DateTimeOffset ExpiresAt)> FetchAsync(CancellationToken cancellationToken);

    private string? Fresh() => _cached is { } c && c.ExpiresAt - RenewBefore > clock.GetUtcNow() ? c.Token : null;

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}

/// <summary>Client credentials (app id + secret) at the bot's tenant's token endpoint.</summary>
public sealed class ClientCredentialsTokenSource(HttpClient http, Uri tokenEndpoint, string appId, string secret, TimeProvider clock) : CachedTokenSource(clock)
{
    private readonly TimeProvider _clock = clock;

    protected override async Task<(string Token, DateTimeOffset ExpiresAt)> FetchAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = appId,
            ["client_secret"] = secret,
            ["scope"] = TeamsOptions.ConnectorScope,
        });
        using var response = await http.PostAsync(tokenEndpoint, form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The body may echo what was sent; only the status is reported.
            var transient = response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            throw new TokenUnavailableException($"The token endpoint answered {(int)response.StatusCode}.", transient);
        }
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var root = body.RootElement;
        var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
            throw new TokenUnavailableException("The token endpoint's answer has no access_token.", transient: false);
        var seconds = root.TryGetProperty("expires_in", out var e) ? ReadSeconds(e) : 3600;
        return (token, _clock.GetUtcNow().AddSeconds(seconds));
    }

    private static double ReadSeconds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
        _ => 3600,
    };
}

/// <summary>Makes the credential of a user-assigned managed identity from its client id (tests hand in a fake one).</summary>
public delegate TokenCredential ManagedIdentityCredentialFactory(string clientId);

/// <summary>A user-assigned managed identity (client id = the app id) through Azure.Identity: no secret anywhere.</summary>
public sealed class ManagedIdentityTokenSource(string clientId, TimeProvider clock, ManagedIdentityCredentialFactory? credentialFor = null) : CachedTokenSource(clock)
{
    /// <summary>Azure.Identity's credential for the identity: the platform's managed identity endpoint (App Service, VMs, containers).</summary>
    public static TokenCredential AzureCredential(string clientId) => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    private readonly TokenCredential _credential = (credentialFor ?? AzureCredential)(clientId);

    protected override async Task<(string Token, DateTimeOffset ExpiresAt)> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var token = await _credential.GetTokenAsync(new TokenRequestContext([TeamsOptions.ConnectorScope]), cancellationToken);
            return (token.Token, token.ExpiresOn);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new TokenUnavailableException($"The managed identity gave no token: {ex.Message}", transient: true, ex);
        }
    }
}

public sealed class TokenUnavailableException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
