using DesignBot.Core.Events;
using DesignBot.Core.Json;
using DesignBot.Core.Storage;
using static DesignBot.Storage.Sqlite.SqliteSql;

namespace DesignBot.Storage.Sqlite;

// The inbox: every accepted event, stored before its ack; marked processed by the turn that applies it (CommitAsync).
public sealed partial class SqliteReviewStore
{
    public async Task<bool> AcceptAsync(InboundEvent inbound, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var json = CoreJson.Serialize(inbound); // before queueing for the writer, which every write waits for
        var received = StoreRules.ToText(receivedAt);
        return await WriteAsync(
            connection => Execute(connection, InsertInbox, ("$id", inbound.EventId), ("$received", received), ("$json", json)) == 1,
            cancellationToken: cancellationToken);
    }

    public Task<IReadOnlyList<InboxItem>> PendingInboxAsync(int max, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<InboxItem>>(async connection =>
        {
            await using var reader = await Command(connection, SelectPendingInbox, ("$max", max)).ExecuteReaderAsync(cancellationToken);
            var items = new List<InboxItem>();
            while (await reader.ReadAsync(cancellationToken))
                items.Add(new InboxItem(CoreJson.Deserialize<InboundEvent>(reader.GetString(0)), StoreRules.FromText(reader.GetString(1))));
            return items;
        }, cancellationToken);
}
