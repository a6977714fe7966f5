using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using DesignBot.Core.Storage;

namespace DesignBot.Storage.AzureTables;

/// <summary>How JSON and times are laid out in entity properties.</summary>
internal static class EntityText
{
    /// <summary>
    /// A string property holds at most 64 KiB (32K UTF-16 characters), an entity 1 MiB. JSON longer than a part is
    /// split across Json0, Json1, … and joined on read, so a long answer or a big review fits as long as the entity does.
    /// </summary>
    public const int PartLength = 30_000;

    private const string JsonPrefix = "Json";

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

    /// <summary>A time property (<see cref="StoreRules.TimeFormat"/> text; Edm.DateTime is not exact to the tick on every service), or null.</summary>
    public static DateTimeOffset? FromText(TableEntity entity, string property) =>
        entity.GetString(property) is { Length: > 0 } text ? StoreRules.FromText(text) : null;
}
