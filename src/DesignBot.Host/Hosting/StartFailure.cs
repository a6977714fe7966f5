namespace DesignBot.Host.Hosting;

/// <summary>
/// A host that cannot start says why in one line on stderr and exits with 1: an operator (or a container
/// runtime) reads the reason, not a stack trace and an abort.
/// </summary>
public static class StartFailure
{
    public const int ExitCode = 1;

    /// <summary>
    /// The SQLite store refuses a database another process holds with an <see cref="InvalidOperationException"/>
    /// around the <see cref="IOException"/> of its lock; its message names the file and what to do.
    /// </summary>
    public static bool IsStoreRefusal(InvalidOperationException exception) => exception.InnerException is IOException;

    public static int Report(Exception exception)
    {
        var reason = string.Join(' ', exception.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"DesignBot did not start: {reason}");
        return ExitCode;
    }
}
