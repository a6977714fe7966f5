using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace DesignBot.Teams.Auth;

/// <summary>A signing key of the Bot Connector and the channels (<c>msteams</c>, …) it is endorsed for.</summary>
public sealed record EndorsedKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// The Bot Connector's signing keys: the OpenID metadata names the JWKS, whose keys carry an <c>endorsements</c> list.
/// Cached; an unknown key id refreshes them, at most once a minute (a forged token with a made-up kid cannot make the
/// bot hammer the metadata), and they are refreshed anyway once a day.
/// </summary>
public sealed class SigningKeys(HttpClient http, Uri metadataUrl, TimeProvider clock)
{
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile IReadOnlyDictionary<string, EndorsedKey> _keys = new Dictionary<string, EndorsedKey>();
    // When the keys were last fetched (or a fetch failed), as a reference swapped whole so lock-free readers see one value.
    private volatile StrongBox<DateTimeOffset>? _fetched;
    private volatile bool _lastFetchFailed;

    /// <summary>The key with this id, refreshing the set when it is unknown (rate-limited) or old; null when it is not there.</summary>
    public async Task<EndorsedKey?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var fetchedAt = _fetched?.Value;
        var stale = fetchedAt is not { } at || now - at > MaxAge;
        if (!stale && _keys.TryGetValue(keyId, out var known))
            return known;
        if (stale || now - fetchedAt!.Value >= MinRefreshInterval)
            await RefreshAsync(stale, cancellationToken);
        // No keys at all because the last fetch failed: no token can be judged, which is not the caller's fault.
        if (_keys.Count == 0 && _lastFetchFailed)
            throw new HttpRequestException("The Bot Connector's signing keys could not be fetched.");
        return _keys.GetValueOrDefault(keyId);
    }

    private async Task RefreshAsync(bool stale, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed while this one waited.
            var now = clock.GetUtcNow();
            if (_fetched?.Value is { } at && now - at < (stale ? MaxAge : MinRefreshInterval))
                return;
            try
            {
                _keys = await FetchAsync(cancellationToken);
                _lastFetchFailed = false;
            }
            catch
            {
                _lastFetchFailed = true;
                throw;
            }
            finally
            {
                // A failed fetch counts too: the next try waits its minute (old keys, if any, stay in use).
                _fetched = new StrongBox<DateTimeOffset>(now);
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, EndorsedKey>> FetchAsync(CancellationToken cancellationToken)
    {
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUrl, cancellationToken));
        var jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString()
            ?? throw new InvalidOperationException("The OpenID metadata names no jwks_uri.");
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(metadataUrl, jwksUri), cancellationToken));
        return Parse(jwks.RootElement);
    }

    /// <summary>The keys of a JWK set (RFC 7517) with the Bot Framework's <c>endorsements</c>; keys that are not RSA signing keys are skipped.</summary>
    public static IReadOnlyDictionary<string, EndorsedKey> Parse(JsonElement jwks)
    {
        var keys = new Dictionary<string, EndorsedKey>(StringComparer.Ordinal);
        if (!jwks.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
            return keys;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || Text(item, "kid") is not { } kid || Text(item, "kty") != "RSA")
                continue;
            var endorsements = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (item.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array)
            {
                foreach (var channel in e.EnumerateArray())
                {
                    if (channel.ValueKind == JsonValueKind.String)
                        endorsements.Add(channel.GetString()!);
                }
            }
            var key = new JsonWebKey(item.GetRawText());
            keys[kid] = new EndorsedKey(kid, key, endorsements);
        }
        return keys;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
