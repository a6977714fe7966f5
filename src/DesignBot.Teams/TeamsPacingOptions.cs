using DesignBot.Core.Turns;

namespace DesignBot.Teams;

/// <summary>
/// How fast the bot posts into Teams, bound from <c>Teams:Pacing</c>. The defaults are the limits Microsoft documents for
/// a bot (per thread: 7 messages in a second, 8 in 2 seconds, 60 in 30 seconds, 1800 in an hour; 50 a second per app per
/// tenant): above them Teams answers 429. 0 turns a window off — for a benchmark against a fake connector, or a
/// tenant with limits of its own; never useful against real Teams.
/// </summary>
public sealed class TeamsPacingOptions
{
    public const string Prefix = "Teams:Pacing:";

    public int PerThreadPerSecond { get; set; } = 7;

    public int PerThreadPer2Seconds { get; set; } = 8;

    public int PerThreadPer30Seconds { get; set; } = 60;

    public int PerThreadPerHour { get; set; } = 1800;

    public int PerTenantPerSecond { get; set; } = 50;

    /// <summary>The windows as the outbox paces by them: a thread's (or a channel's, for new threads) and a tenant's; 0s left out.</summary>
    public PacingPolicy ToPolicy() => new(
        Windows((PerThreadPerSecond, 1), (PerThreadPer2Seconds, 2), (PerThreadPer30Seconds, 30), (PerThreadPerHour, 3600)),
        Windows((PerTenantPerSecond, 1)));

    /// <summary>What is wrong with the settings, each naming its key; a count is 0 (off) or more.</summary>
    public static IEnumerable<string> Errors(TeamsPacingOptions pacing)
    {
        ArgumentNullException.ThrowIfNull(pacing);
        (string Key, int Value)[] counts =
        [
            (nameof(PerThreadPerSecond), pacing.PerThreadPerSecond), (nameof(PerThreadPer2Seconds), pacing.PerThreadPer2Seconds),
            (nameof(PerThreadPer30Seconds), pacing.PerThreadPer30Seconds), (nameof(PerThreadPerHour), pacing.PerThreadPerHour),
            (nameof(PerTenantPerSecond), pacing.PerTenantPerSecond),
        ];
        return counts.Where(c => c.Value < 0).Select(c => $"{Prefix}{c.Key} must be a number of messages, or 0 for no limit; not {c.Value}.");
    }

    private static Rate[] Windows(params (int Messages, int Seconds)[] windows) =>
        [.. windows.Where(w => w.Messages > 0).Select(w => new Rate(w.Messages, TimeSpan.FromSeconds(w.Seconds)))];
}
