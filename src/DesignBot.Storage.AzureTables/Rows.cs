using System.Globalization;
using Azure.Data.Tables;
using DesignBot.Core.Events;
using DesignBot.Core.Json;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables;

/// <summary>
/// The row layout. In a review's partition of {prefix}reviews: "review", "answers|NN" (see <see cref="AnswerBuckets"/>),
/// "outbox|{seq:D10}", "posted|{key}" and "event|{event id}". In a channel's partition ("channel:{key}"): "counter",
/// "key|{message key}" and "outbox|{seq:D10}". Ids inside keys are escaped with <see cref="TableKeys"/>.
/// </summary>
internal static class Rows
{
    public const string Review = "review";
    public const string Counter = "counter";
    public const string OutboxPrefix = "outbox|";
    public const string PostedPrefix = "posted|";

    /// <summary>The next outbox sequence number of the partition, on the review row or the channel's counter row.</summary>
    public const string NextSeq = "NextSeq";

    /// <summary>On outbox rows: the message's ReplacesKey, so a turn finds the queued updates it collapses.</summary>
    public const string ReplacesKey = "ReplacesKey";

    public static string EventMarker(string eventId) => "event|" + TableKeys.Escape(eventId);

    public static string QueuedKey(string messageKey) => "key|" + TableKeys.Escape(messageKey);

    public static string Posted(string messageKey) => PostedPrefix + TableKeys.Escape(messageKey);

    // Zero-padded, so that text order is sequence order.
    public static string OutboxRow(long seq) => OutboxPrefix + seq.ToString("D10", CultureInfo.InvariantCulture);

    public static long OutboxSeq(string rowKey) => long.Parse(rowKey.AsSpan(OutboxPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>All keys starting with a prefix that ends in '|': from the prefix to the same text ending in '}', the next character.</summary>
    public static (string From, string To) Range(string prefix) => (prefix, prefix[..^1] + "}");

    public static TableEntity Outbox(string partition, long seq, string? reviewId, OutboundMessage message)
    {
        var entity = new TableEntity(partition, OutboxRow(seq))
        {
            ["Key"] = message.Key,
            ["Attempts"] = 0,
            ["Sent"] = false,
        };
        if (reviewId is not null)
            entity["ReviewId"] = reviewId;
        if (message.ReplacesKey is not null)
            entity[ReplacesKey] = message.ReplacesKey;
        if (message.NotBefore is { } notBefore)
            entity["NotBefore"] = StoreRules.ToText(notBefore);
        EntityText.WriteJson(entity, CoreJson.Serialize(message));
        return entity;
    }

    /// <summary>Where a message landed; Address (the adapter's own) only when there is one.</summary>
    public static TableEntity PostedRow(string partition, string messageKey, PostedMessage posted)
    {
        var row = new TableEntity(partition, Posted(messageKey))
        {
            ["MessageId"] = posted.MessageId,
            ["ThreadId"] = posted.ThreadId,
            ["PostedAt"] = StoreRules.ToText(posted.PostedAt),
        };
        if (posted.Address is not null)
            row["Address"] = posted.Address;
        return row;
    }

    public static PostedMessage ReadPosted(TableEntity row) =>
        new(row.GetString("MessageId"), row.GetString("ThreadId"), StoreRules.FromText(row.GetString("PostedAt")), row.GetString("Address"));

    /// <summary>A review's line in {prefix}channels: PartitionKey the channel, RowKey the review id.</summary>
    public static TableEntity Listing(ReviewState state) => new(TableKeys.Escape(state.Channel.Key), TableKeys.Escape(state.Id))
    {
        ["Title"] = state.Title,
        ["Status"] = state.Status.ToString(),
        ["CreatedAt"] = StoreRules.ToText(state.CreatedAt),
        ["OwnerId"] = state.Owner.Id,
        ["OwnerName"] = state.Owner.Name,
        ["Pending"] = false,
    };

    public static TableEntity PendingListing(ReviewState state) =>
        new(TableKeys.Escape(state.Channel.Key), TableKeys.Escape(state.Id)) { ["Pending"] = true };

    public static ReviewListing ReadListing(TableEntity row) => new(
        TableKeys.Unescape(row.RowKey), row.GetString("Title"), new UserRef(row.GetString("OwnerId"), row.GetString("OwnerName")),
        Enum.Parse<ReviewStatus>(row.GetString("Status")), StoreRules.FromText(row.GetString("CreatedAt")));
}
