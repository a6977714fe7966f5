using DesignBot.Teams.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace DesignBot.Teams.Tests;

/// <summary>The Bot Connector's token rules, against a local OpenID metadata + JWKS server and tokens signed by test keys.</summary>
public sealed class TokenValidationTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private FakeTimeProvider _clock = null!;
    private HttpClient _http = null!;
    private InboundTokenValidator _validator = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _http = new HttpClient();
        _validator = new InboundTokenValidator(new SigningKeys(_http, new Uri(_fake.MetadataUrl), _clock), FakeBotFramework.AppId, _clock);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private string ServiceUrl => _fake.ServiceUrl;

    private async Task<ValidatedToken?> ValidateAsync(string token)
    {
        var (validated, _) = await _validator.ValidateAsync("Bearer " + token);
        return validated;
    }

    [Fact]
    public async Task A_token_signed_by_an_endorsed_key_for_this_app_and_service_url_is_accepted()
    {
        var token = await ValidateAsync(_fake.Token(ServiceUrl));
        Assert.NotNull(token);
        Assert.True(token.AllowsActivity("msteams", ServiceUrl));
    }

    [Fact]
    public async Task A_bad_signature_is_refused()
    {
        // Signed by a key that claims the published key's id.
        var impostor = FakeBotFramework.NewKey("key-1");
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, key: impostor)));
        // A token whose payload was altered after signing.
        var parts = _fake.Token(ServiceUrl).Split('.');
        var altered = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"aud\":\"" + FakeBotFramework.AppId + "\",\"iss\":\"https://api.botframework.com\",\"exp\":4102444800}")}.{parts[2]}";
        Assert.Null(await ValidateAsync(altered));
    }

    [Fact]
    public async Task A_wrong_issuer_or_audience_is_refused()
    {
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")));
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, audience: "another-app")));
    }

    [Fact]
    public async Task Lifetime_allows_five_minutes_of_skew_and_no_more()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        Assert.NotNull(await ValidateAsync(_fake.Token(ServiceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-4))));
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-6))));
        Assert.NotNull(await ValidateAsync(_fake.Token(ServiceUrl, notBefore: now.AddMinutes(4), expires: now.AddHours(1))));
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, notBefore: now.AddMinutes(6), expires: now.AddHours(1))));
    }

    [Fact]
    public async Task A_token_seen_before_is_still_refused_once_it_expires()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var token = _fake.Token(ServiceUrl, notBefore: now.AddMinutes(-1), expires: now.AddMinutes(10));
        Assert.NotNull(await ValidateAsync(token));
        Assert.NotNull(await ValidateAsync(token));

        _clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Null(await ValidateAsync(token));
    }

    [Fact]
    public async Task A_token_seen_before_is_refused_once_its_key_is_rotated_out()
    {
        var token = _fake.Token(ServiceUrl);
        Assert.NotNull(await ValidateAsync(token));

        // Microsoft drops key-1 (compromised, say): the next unknown kid refreshes the keys, and the remembered token goes with its key.
        _fake.Publish((FakeBotFramework.NewKey("key-2"), ["msteams"]));
        _clock.Advance(SigningKeys.MinRefreshInterval);
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, key: FakeBotFramework.NewKey("key-3"))));
        Assert.Null(await ValidateAsync(token));
    }

    [Fact]
    public async Task A_key_without_the_channels_endorsement_does_not_cover_the_activity()
    {
        var other = FakeBotFramework.NewKey("key-webchat");
        _fake.Publish((_fake.SigningKey, ["msteams"]), (other, ["webchat"]));
        var token = await ValidateAsync(_fake.Token(ServiceUrl, key: other));
        Assert.NotNull(token);
        Assert.False(token.AllowsActivity("msteams", ServiceUrl));
        Assert.True(token.AllowsActivity("webchat", ServiceUrl));
    }

    [Fact]
    public async Task A_service_url_other_than_the_tokens_is_refused()
    {
        var token = await ValidateAsync(_fake.Token(ServiceUrl));
        Assert.NotNull(token);
        Assert.False(token.AllowsActivity("msteams", "https://attacker.example/amer/"));
        Assert.False(token.AllowsActivity("msteams", null));
    }

    [Fact]
    public async Task No_token_or_not_a_bearer_jwt_or_not_RS256_is_refused()
    {
        Assert.Null((await _validator.ValidateAsync(null)).Token);
        Assert.Null((await _validator.ValidateAsync("Basic dXNlcjpwYXNz")).Token);
        Assert.Null((await _validator.ValidateAsync("Bearer not-a-jwt")).Token);
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, algorithm: SecurityAlgorithms.RsaSha384)));
    }

    [Fact]
    public async Task An_unknown_key_id_refreshes_the_keys_at_most_once_a_minute_so_a_rotation_is_picked_up()
    {
        Assert.NotNull(await ValidateAsync(_fake.Token(ServiceUrl)));
        Assert.Equal(1, _fake.MetadataFetches);

        // Microsoft rotates: the new key is published, tokens are signed by it.
        var rotated = FakeBotFramework.NewKey("key-2");
        _fake.Publish((rotated, ["msteams"]));
        // Within the minute of the last fetch the keys are not fetched again: the unknown kid is refused.
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, key: rotated)));
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl, key: FakeBotFramework.NewKey("made-up"))));
        Assert.Equal(1, _fake.MetadataFetches);

        _clock.Advance(SigningKeys.MinRefreshInterval);
        Assert.NotNull(await ValidateAsync(_fake.Token(ServiceUrl, key: rotated)));
        Assert.Equal(2, _fake.MetadataFetches);
        // Known keys are served from the cache.
        Assert.NotNull(await ValidateAsync(_fake.Token(ServiceUrl, key: rotated)));
        Assert.Equal(2, _fake.MetadataFetches);
        // The old key is gone with the rotation.
        _clock.Advance(SigningKeys.MinRefreshInterval);
        Assert.Null(await ValidateAsync(_fake.Token(ServiceUrl)));
    }

    [Fact]
    public async Task Keys_that_cannot_be_fetched_fail_the_check_instead_of_refusing_every_token()
    {
        // Nothing listens on port 1: the endpoint answers 503 (Teams retries), not 401 (which it would not).
        using var http = new HttpClient();
        var validator = new InboundTokenValidator(new SigningKeys(http, new Uri("http://127.0.0.1:1/v1/.well-known/openidconfiguration"), _clock), FakeBotFramework.AppId, _clock);
        await Assert.ThrowsAsync<HttpRequestException>(() => validator.ValidateAsync("Bearer " + _fake.Token(ServiceUrl)));
        // Still within the minute after the failed fetch: still an error, not a refusal.
        await Assert.ThrowsAsync<HttpRequestException>(() => validator.ValidateAsync("Bearer " + _fake.Token(ServiceUrl)));
    }
}
