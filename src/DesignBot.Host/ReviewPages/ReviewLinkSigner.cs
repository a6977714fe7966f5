using System.Security.Cryptography;
using System.Text;
using DesignBot.Core.Messages;

namespace DesignBot.Host.ReviewPages;

/// <summary>
/// Makes and checks the links to a review's design document: HMAC-SHA256 of the review id, so only people
/// who were given a link (in the channel) can open it, and a guessed or altered link is a 404.
/// </summary>
public sealed class ReviewLinkSigner(byte[] key, string publicBaseUrl) : IReviewLinks
{
    private readonly string _base = publicBaseUrl.TrimEnd('/');

    public ReviewLinks For(string reviewId)
    {
        var sig = Sign(reviewId);
        var id = Uri.EscapeDataString(reviewId);
        return new ReviewLinks($"{_base}/reviews/{id}?sig={sig}", $"{_base}/reviews/{id}.md?sig={sig}") { DecisionRecords = $"{_base}/reviews/{id}.adr.md?sig={sig}" };
    }

    public string Sign(string reviewId) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"review:{reviewId}")));

    public bool Verify(string reviewId, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(reviewId));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The configured key, or one generated on first run and kept in a file beside the database.</summary>
    public static byte[] LoadOrCreateKey(string? configured, string keyFile, Action onGenerated)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Encoding.UTF8.GetBytes(configured);
        if (File.Exists(keyFile))
            return Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        // Owner-only from the first byte: a file written first and restricted after is readable in between.
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(new FileStream(keyFile, create)))
            writer.Write(Convert.ToBase64String(key));
        onGenerated();
        return key;
    }
}
