using System.Text;
using System.Text.Json;

namespace DesignBot.Playground;

/// <summary>
/// The playground API's JSON. A message: {id, threadId, user, isBot, text, card, ts, edited}, plus visibleTo when only
/// that user sees it, where card is the playground's own card JSON (<see cref="PlaygroundCardWriter"/>) or null. A page: {messages: [...], older}.
/// </summary>
public static class PlaygroundJson
{
    public static string Message(PlaygroundMessage m)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
            Write(w, m);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes a page of history straight to <paramref name="stream"/>, flushing as it goes: no second copy of it is built.</summary>
    public static async Task WritePageAsync(Stream stream, PlaygroundPage page, CancellationToken cancellationToken = default)
    {
        await using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteStartArray("messages");
        foreach (var m in page.Messages)
        {
            Write(w, m);
            if (w.BytesPending > 64 * 1024)
                await w.FlushAsync(cancellationToken);
        }
        w.WriteEndArray();
        if (page.Older is null)
            w.WriteNull("older");
        else
            w.WriteString("older", page.Older);
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
    }

    public static string Deleted(string id) => JsonSerializer.Serialize(new { id });

    public static string Ts(DateTimeOffset ts) => ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static void Write(Utf8JsonWriter w, PlaygroundMessage m)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        if (m.ThreadId is null)
            w.WriteNull("threadId");
        else
            w.WriteString("threadId", m.ThreadId);
        w.WriteString("user", m.User);
        w.WriteBoolean("isBot", m.IsBot);
        w.WriteString("text", m.Text);
        w.WritePropertyName("card");
        if (m.CardJson is null)
            w.WriteNullValue();
        else
            w.WriteRawValue(m.CardJson, skipInputValidation: true);
        w.WriteString("ts", Ts(m.Ts));
        w.WriteBoolean("edited", m.Edited);
        if (m.VisibleTo is not null)
            w.WriteString("visibleTo", m.VisibleTo);
        w.WriteEndObject();
    }
}
