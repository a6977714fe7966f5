using System.Text;
using System.Text.Json;

namespace DesignBot.Playground;

/// <summary>The playground API's JSON: {id, threadId, user, isBot, text, card, ts, edited}; card is the neutral message as stored.</summary>
public static class PlaygroundJson
{
    public static string Message(PlaygroundMessage m)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
            Write(w, m);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Messages(IEnumerable<PlaygroundMessage> messages)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var m in messages)
                Write(w, m);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
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
        w.WriteEndObject();
    }
}
