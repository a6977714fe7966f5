using System.Globalization;

namespace DesignBot.Host.Hosting;

/// <summary>
/// For tests of a real host process only: <c>DesignBot:Testing:ClockStartsAt</c> (an ISO 8601 instant) makes the host's
/// clock read that instant when the process starts, then run at real speed (timers stay real). A test can then start a
/// review on a Monday morning and restart the host "two days later" to find a reminder due. Unset (always, outside
/// tests), the host runs on <see cref="TimeProvider.System"/>; when set, the host warns at start.
/// </summary>
public sealed class TestingClock(DateTimeOffset startsAt) : TimeProvider
{
    public const string Key = "DesignBot:Testing:ClockStartsAt";

    private readonly long _started = System.GetTimestamp();

    public DateTimeOffset StartsAt { get; } = startsAt;

    public override DateTimeOffset GetUtcNow() => StartsAt + System.GetElapsedTime(_started);

    /// <summary>The clock the key asks for; null when it is not set. A value that is not an instant fails the start.</summary>
    public static TestingClock? From(IConfiguration configuration)
    {
        if (configuration[Key] is not { Length: > 0 } text)
            return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startsAt))
            throw new Microsoft.Extensions.Options.OptionsValidationException(Key, typeof(string), [$"{Key} must be an ISO 8601 instant (e.g. 2026-12-07T10:00:00Z), not '{text}'."]);
        return new TestingClock(startsAt);
    }
}
