using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DesignBot.Slack;

/// <summary>
/// Slack's request signature: <c>X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"))</c>, with
/// <c>X-Slack-Request-Timestamp</c> no more than five minutes from now (a replayed request is refused).
/// </summary>
public static class SlackSignature
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public enum Result { Valid, Missing, Stale, Mismatch }

    public static Result Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return Result.Missing;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 100_000_000_000)
            return Result.Stale;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxSkew)
            return Result.Stale;
        var expected = Compute(secret, timestamp, body);
        // Constant time: how much of a forged signature matches must not show in the answer's timing.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? Result.Valid
            : Result.Mismatch;
    }

    /// <summary>The signature Slack sends for this body and timestamp ("v0=…").</summary>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return "v0=" + Convert.ToHexStringLower(mac);
    }
}
