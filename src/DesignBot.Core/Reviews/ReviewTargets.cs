using DesignBot.Core.Events;

namespace DesignBot.Core.Reviews;

/// <summary>Which review a command means, among the channel's reviews: named, by the thread it was typed in, or the one active.</summary>
public static class ReviewTargets
{
    /// <summary>
    /// The review a command is about, when exactly one fits (see <see cref="Candidates"/>); null for commands about no
    /// review, and when none or several fit (the engine then says so, or asks which).
    /// </summary>
    public static string? TargetReviewId(CommandEvent command, IReadOnlyList<ReviewListing> reviews, string? threadReviewId = null)
    {
        var parsed = CommandParser.Parse(command.Text);
        if (!IsAboutAReview(parsed.Name))
            return null;
        return Candidates(parsed, reviews, threadReviewId) is [var only] ? only.Id : null;
    }

    /// <summary>
    /// The reviews a command could mean, newest first. A title names one (its id, the whole title, or the start of it); a
    /// command without one typed in a review's thread means that review; otherwise the channel's active reviews, or the
    /// newest review when none is active. Of several reviews that fit, the active ones are kept.
    /// </summary>
    public static IReadOnlyList<ReviewListing> Candidates(Command parsed, IReadOnlyList<ReviewListing> reviews, string? threadReviewId)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var newestFirst = reviews.OrderByDescending(r => r.CreatedAt).ToList();
        // `export adr Payments` names the review after its format word; `due friday`, `snooze tomorrow`, `reopen 2`: the
        // argument is the value, and `--review <title>` names the review.
        var name = parsed.Name == CommandName.Export ? ExportRequest.Parse(parsed.Argument).ReviewName
            : TakesValue(parsed.Name) ? parsed.Option("review") ?? ""
            : parsed.Argument;
        if (name.Length > 0)
        {
            if (newestFirst.FirstOrDefault(r => r.Id == name) is { } byId)
                return [byId];
            var exact = newestFirst.Where(r => r.Title.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            // A start of a title that fits several reviews is asked about, whatever their status: "Search" may mean the
            // finished "Search service" as well as the active "Search v2".
            return exact.Count > 0 ? Narrow(exact) : [.. newestFirst.Where(r => r.Title.StartsWith(name, StringComparison.OrdinalIgnoreCase))];
        }
        if (threadReviewId is not null && newestFirst.FirstOrDefault(r => r.Id == threadReviewId) is { } threads)
            return [threads];
        // Reopening is about a finished review as much as an active one: with several not cancelled, ask which.
        if (parsed.Name == CommandName.Reopen)
            return [.. newestFirst.Where(r => r.Status != ReviewStatus.Cancelled)];
        return Narrow(newestFirst);
    }

    // One review: it. Several: the active ones if any (one is the answer, more need asking), else the newest.
    private static List<ReviewListing> Narrow(List<ReviewListing> newestFirst)
    {
        if (newestFirst.Count <= 1)
            return newestFirst;
        var active = newestFirst.Where(r => r.Status == ReviewStatus.Active).ToList();
        return active.Count > 0 ? active : [newestFirst[0]];
    }

    private static bool IsAboutAReview(CommandName name) => name is CommandName.Status or CommandName.Summary or CommandName.Export or CommandName.Cancel
        or CommandName.Due or CommandName.Remind or CommandName.Snooze or CommandName.Close or CommandName.Reopen;

    /// <summary>Commands whose argument is a value (a day, a step), not a review's name.</summary>
    public static bool TakesValue(CommandName name) => name is CommandName.Due or CommandName.Snooze or CommandName.Reopen;
}
