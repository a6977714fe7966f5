using System.Globalization;

namespace DesignBot.Slack;

/// <summary>
/// Slack message timestamps ("1726133700.887259": epoch seconds and microseconds). A ts is also the message's id in
/// its channel, so it is kept as the string it came as and read as a time only where a time is meant.
/// </summary>
public static class SlackTs
{
    public static bool TryParse(string? ts, out DateTimeOffset at)
    {
        at = default;
        if (string.IsNullOrEmpty(ts) || ts.Length > 32)
            return false;
        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        var secondsPart = dot < 0 ? ts : ts[..dot];
        var fractionPart = dot < 0 ? "" : ts[(dot + 1)..];
        if (!long.TryParse(secondsPart, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
            return false;
        if (fractionPart.Length > 0 && (fractionPart.Length > 9 || !fractionPart.All(char.IsAsciiDigit)))
            return false;
        var micros = fractionPart.Length == 0 ? 0 : long.Parse(fractionPart.PadRight(6, '0')[..6], CultureInfo.InvariantCulture);
        at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
        return true;
    }

    public static string Format(DateTimeOffset at)
    {
        var micros = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }
}
