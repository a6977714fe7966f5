using System.Text;

namespace DesignBot.Slack.Tests;

public sealed class SlackSignatureTests
{
    // Slack's documented example (docs.slack.dev, "Verifying requests from Slack").
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly byte[] s_body = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    private static readonly DateTimeOffset s_then = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Slacks_documented_example_is_valid() =>
        Assert.Equal(SlackSignature.Result.Valid, SlackSignature.Verify(Secret, Timestamp, Signature, s_body, s_then.AddSeconds(30)));

    [Fact]
    public void Compute_gives_the_documented_signature() => Assert.Equal(Signature, SlackSignature.Compute(Secret, Timestamp, s_body));

    [Fact]
    public void A_wrong_secret_is_refused() =>
        Assert.Equal(SlackSignature.Result.Mismatch, SlackSignature.Verify("another-secret", Timestamp, Signature, s_body, s_then));

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var tampered = (byte[])s_body.Clone();
        tampered[^1] ^= 1;
        Assert.Equal(SlackSignature.Result.Mismatch, SlackSignature.Verify(Secret, Timestamp, Signature, tampered, s_then));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86_400)]
    public void A_timestamp_more_than_five_minutes_off_is_refused(int seconds) =>
        Assert.Equal(SlackSignature.Result.Stale, SlackSignature.Verify(Secret, Timestamp, Signature, s_body, s_then.AddSeconds(seconds)));

    [Theory]
    [InlineData(null, Signature)]
    [InlineData(Timestamp, null)]
    [InlineData("", "")]
    public void Missing_headers_are_refused(string? timestamp, string? signature) =>
        Assert.Equal(SlackSignature.Result.Missing, SlackSignature.Verify(Secret, timestamp, signature, s_body, s_then));

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    public void A_timestamp_that_is_not_one_is_refused(string timestamp) =>
        Assert.Equal(SlackSignature.Result.Stale, SlackSignature.Verify(Secret, timestamp, Signature, s_body, s_then));

    [Fact]
    public void A_signature_for_another_timestamp_is_refused() =>
        Assert.Equal(SlackSignature.Result.Mismatch, SlackSignature.Verify(Secret, "1531420619", Signature, s_body, s_then));

    [Fact]
    public void A_signature_of_other_case_or_length_is_refused()
    {
        Assert.Equal(SlackSignature.Result.Mismatch, SlackSignature.Verify(Secret, Timestamp, Signature.ToUpperInvariant(), s_body, s_then));
        Assert.Equal(SlackSignature.Result.Mismatch, SlackSignature.Verify(Secret, Timestamp, Signature[..^2], s_body, s_then));
    }
}
