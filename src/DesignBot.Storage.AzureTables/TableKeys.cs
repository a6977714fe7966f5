using System.Globalization;
using System.Text;

namespace DesignBot.Storage.AzureTables;

/// <summary>
/// Makes platform ids safe as PartitionKey / RowKey. Keys may not hold '/', '\', '#', '?' or control characters,
/// and Slack and Teams ids can ("T012AB3C4/C012AB3C4", "a:1Xyz/abc#def?x"). Each such character becomes '_' plus
/// two hex digits, and so does '_' itself, so the mapping is reversible and two ids never share a key.
/// Why '_' and not '%': a '%' in a key is known to break some operations (older Table APIs, Azurite deletes), while
/// '_' is URL-unreserved and no layer rewrites it. The single quote is escaped too: it delimits keys in OData URLs.
/// </summary>
internal static class TableKeys
{
    private const char EscapeChar = '_';

    /// <summary>Keys are limited to 1 KiB (UTF-16, so 512 characters).</summary>
    public const int MaxKeyBytes = 1024;

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            // Control characters are all below U+00A0, so two hex digits always suffice.
            if (NeedsEscape(c))
                builder.Append(EscapeChar).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else
                builder.Append(c);
        }

        var key = builder.ToString();
        if (Encoding.Unicode.GetByteCount(key) > MaxKeyBytes)
            throw new ArgumentException($"The id '{value[..Math.Min(value.Length, 40)]}…' is too long for a table key.", nameof(value));
        return key;
    }

    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(EscapeChar, StringComparison.Ordinal))
            return key;

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != EscapeChar)
            {
                builder.Append(key[i]);
                continue;
            }
            if (i + 2 >= key.Length || !int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                throw new FormatException($"'{key}' is not an escaped table key.");
            builder.Append((char)code);
            i += 2;
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '\'' or EscapeChar || char.IsControl(c);
}
