using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace DesignBot.Storage.AzureTables;

/// <summary>How JSON and timestamps are laid out in entity properties.</summary>
internal static class EntityText
{
    /// <summary>
    /// A string property holds at most 64 KiB (32K UTF-16 characters), an entity 1 MiB. JSON longer than a part is
    /// split across Json0, Json1, … and joined on read, so a long answer or a big review fits as long as the entity does.
    /// </summary>
    public const int PartLength = 30_000;

    private const string JsonPrefix = "Json";

    // UTC, fixed width, 7 fractional digits: exact to the tick on every service (Edm.DateTime is not, everywhere),
    // and ordered as text. Values inside JSON keep their offset as well.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static void WriteJson(TableEntity entity, string json)
    {
        var part = 0;
        var start = 0;
        do
        {
            var length = Math.Min(PartLength, json.Length - start);
            // Never cut a surrogate pair in two: half a pair is not valid text and would be mangled on the wire.
            if (start + length < json.Length && char.IsHighSurrogate(json[start + length - 1]))
                length--;
            entity[JsonPrefix + part.ToString(CultureInfo.InvariantCulture)] = json.Substring(start, length);
            start += length;
            part++;
        }
        while (start < json.Length);
    }

    public static string ReadJson(TableEntity entity)
    {
        var json = new StringBuilder();
        for (var part = 0; entity.TryGetValue(JsonPrefix + part.ToString(CultureInfo.InvariantCulture), out var value) && value is string text; part++)
            json.Append(text);
        return json.ToString();
    }

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset? FromText(TableEntity entity, string property) =>
        entity.GetString(property) is { Length: > 0 } text ? FromText(text) : null;
}
