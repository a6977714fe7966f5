using DesignBot.Core.Json;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using static DesignBot.Storage.Sqlite.SqliteSql;

namespace DesignBot.Storage.Sqlite;

// The wake index: one row per review with a NextWakeAt, written in the turn's own transaction, so it is never out of
// step with the review's state.
public sealed partial class SqliteReviewStore
{
    // Inside a turn's write, after the review row: the state's wake time replaces the indexed one, or removes it.
    private static void IndexWake(PreparedSqliteConnection connection, ReviewState state)
    {
        if (state.NextWakeAt is { } wakeAt)
            Execute(connection, SaveWake, ("$review", state.Id), ("$at", StoreRules.ToText(wakeAt)));
        else
            Execute(connection, DeleteWake, ("$review", state.Id));
    }

    public Task<IReadOnlyList<DueWake>> ClaimDueWakesAsync(string owner, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var until = StoreRules.ToText(now + lease);
        return WriteAsync<IReadOnlyList<DueWake>>(connection =>
        {
            var due = new List<DueWake>();
            using (var reader = Command(connection, SelectDueWakes, ("$now", StoreRules.ToText(now)), ("$max", max)).ExecuteReader())
            {
                while (reader.Read())
                    due.Add(new DueWake(reader.GetString(0), CoreJson.Deserialize<ReviewState>(reader.GetString(2)).Channel, StoreRules.FromText(reader.GetString(1))));
            }
            foreach (var wake in due)
                Execute(connection, LeaseWake, ("$owner", owner), ("$until", until), ("$review", wake.ReviewId));
            return due;
        }, cancellationToken: cancellationToken);
    }

    public async Task ReleaseWakeLeasesAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await WriteAsync(connection => Execute(connection, ReleaseWakeLeases, ("$owner", owner)), cancellationToken: cancellationToken);
    }
}
