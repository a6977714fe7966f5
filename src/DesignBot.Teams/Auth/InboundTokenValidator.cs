using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DesignBot.Teams.Auth;

/// <summary>A token that passed the checks a request can make before its body is read; <see cref="AllowsActivity"/> does the rest.</summary>
public sealed record ValidatedToken(ClaimsIdentity Identity, EndorsedKey Key)
{
    /// <summary>
    /// The checks that need the activity: the signing key is endorsed for its channel (<c>msteams</c>) and the token's
    /// <c>serviceurl</c> claim is its service URL (so a token for one service URL cannot post another into the bot).
    /// </summary>
    public bool AllowsActivity(string? channelId, string? serviceUrl) =>
        !string.IsNullOrEmpty(channelId) && Key.Endorsements.Contains(channelId)
        && !string.IsNullOrEmpty(serviceUrl) && Identity.FindFirst(ServiceUrlClaim)?.Value is { } claimed
        && string.Equals(claimed, serviceUrl, StringComparison.Ordinal);

    public const string ServiceUrlClaim = "serviceurl";
}

/// <summary>
/// The Bot Connector's rules for a request to the bot: a bearer JWT signed (RS256) by one of its keys, issued by
/// https://api.botframework.com for this app id, within its lifetime give or take 5 minutes.
/// </summary>
public sealed class InboundTokenValidator(SigningKeys keys, string appId, TimeProvider clock)
{
    public const string Issuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How many validated tokens are remembered; the Bot Connector reuses one token for many activities.</summary>
    public const int RememberedTokens = 1024;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConditionalWeakTable<EndorsedKey, TokenValidationParameters> _parameters = new();
    // A token string whose signature, issuer and audience checked out under a key: those cannot change, so a repeat
    // only needs its lifetime checked again and its key still published (a rotation that drops the key drops the token).
    private readonly ConcurrentDictionary<string, Remembered> _validated = new(StringComparer.Ordinal);

    /// <summary>The validated token, or null with the reason (for the debug log; never the token itself).</summary>
    public async Task<(ValidatedToken? Token, string? Reason)> ValidateAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, "no bearer token");
        var raw = authorization["Bearer ".Length..].Trim();
        if (_validated.TryGetValue(raw, out var remembered))
        {
            if (!WithinLifetime(remembered.NotBefore, remembered.Expires))
                return (null, "expired");
            if (ReferenceEquals(await keys.FindAsync(remembered.Token.Key.KeyId, cancellationToken), remembered.Token.Key))
                return (remembered.Token, null);
            _validated.TryRemove(raw, out _);
        }
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return (null, "not a JWT");
        }
        if (jwt.Alg != SecurityAlgorithms.RsaSha256)
            return (null, "not RS256");
        if (string.IsNullOrEmpty(jwt.Kid))
            return (null, "no key id");
        var key = await keys.FindAsync(jwt.Kid, cancellationToken);
        if (key is null)
            return (null, "unknown signing key");
        var result = await _handler.ValidateTokenAsync(jwt, _parameters.GetValue(key, Parameters));
        if (!result.IsValid)
            return (null, result.Exception?.GetType().Name ?? "invalid");
        var token = new ValidatedToken(result.ClaimsIdentity, key);
        if (_validated.Count >= RememberedTokens)
            _validated.Clear();
        _validated[raw] = new Remembered(token, jwt.ValidFrom == DateTime.MinValue ? null : jwt.ValidFrom, jwt.ValidTo);
        return (token, null);
    }

    private sealed record Remembered(ValidatedToken Token, DateTime? NotBefore, DateTime Expires);

    // Lifetime against the host's clock (a test clock in tests), not the library's own DateTime.UtcNow.
    private bool WithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp + ClockSkew && (notBefore is not { } nbf || now >= nbf - ClockSkew);
    }

    private TokenValidationParameters Parameters(EndorsedKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = appId,
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires),
        TryAllIssuerSigningKeys = false,
    };
}
