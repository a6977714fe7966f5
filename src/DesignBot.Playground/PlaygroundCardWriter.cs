using System.Text;
using System.Text.Json;
using DesignBot.Core.Messages;

namespace DesignBot.Playground;

/// <summary>
/// Renders a neutral message to the card JSON the playground page draws (app.js, renderCard). The shape is the
/// playground's own, written field by field: renaming a core record or property changes this file, never the page.
/// <code>
/// { "fallbackText": "…", "blocks": [
///   { "type": "header", "text": "…" }            { "type": "text", "markdown": "…" }
///   { "type": "context", "text": "…" }           { "type": "fields", "fields": [{ "label", "value" }] }
///   { "type": "progress", "items": [{ "label", "done", "total", "state": "done|active|notStarted" }] }
///   { "type": "buttons", "buttons": [{ "text", "actionId", "value", "style": "default|primary|danger" }] }
///   { "type": "table", "columns": ["…"], "rows": [["…"]] }   { "type": "links", "links": [{ "text", "url" }] }
///   { "type": "document", "fileName", "mediaType", "content" }   { "type": "unsupported", "text": "…" } ] }
/// </code>
/// </summary>
public static class PlaygroundCardWriter
{
    public static string Write(NeutralMessage message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("fallbackText", message.FallbackText);
            w.WriteStartArray("blocks");
            foreach (var block in message.Blocks)
                WriteBlock(w, block);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteBlock(Utf8JsonWriter w, Block block)
    {
        w.WriteStartObject();
        switch (block)
        {
            case HeaderBlock header:
                w.WriteString("type", "header");
                w.WriteString("text", header.Text);
                break;
            case TextBlock text:
                w.WriteString("type", "text");
                w.WriteString("markdown", text.Markdown);
                break;
            case MentionsBlock mentions:
                w.WriteString("type", "text");
                w.WriteString("markdown", string.Join(" ", [mentions.Text, .. mentions.People.Select(p => $"@{p.Display}").Distinct()]));
                break;
            case ContextBlock context:
                w.WriteString("type", "context");
                w.WriteString("text", context.Text);
                break;
            case FieldsBlock fields:
                w.WriteString("type", "fields");
                WriteArray(w, "fields", fields.Fields, (f) =>
                {
                    w.WriteString("label", f.Label);
                    w.WriteString("value", f.Value);
                });
                break;
            case ProgressBlock progress:
                w.WriteString("type", "progress");
                WriteArray(w, "items", progress.Items, (item) =>
                {
                    w.WriteString("label", item.Label);
                    w.WriteNumber("done", item.Done);
                    w.WriteNumber("total", item.Total);
                    w.WriteString("state", State(item.State));
                });
                break;
            case ButtonsBlock buttons:
                w.WriteString("type", "buttons");
                WriteArray(w, "buttons", buttons.Buttons, (b) =>
                {
                    w.WriteString("text", b.Text);
                    w.WriteString("actionId", b.ActionId);
                    w.WriteString("value", b.Value);
                    w.WriteString("style", Style(b.Style));
                });
                break;
            case TableBlock table:
                w.WriteString("type", "table");
                w.WriteStartArray("columns");
                foreach (var column in table.Columns)
                    w.WriteStringValue(column);
                w.WriteEndArray();
                w.WriteStartArray("rows");
                foreach (var row in table.Rows)
                {
                    w.WriteStartArray();
                    foreach (var cell in row)
                        w.WriteStringValue(cell);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                break;
            case LinksBlock links:
                w.WriteString("type", "links");
                WriteArray(w, "links", links.Links, (l) =>
                {
                    w.WriteString("text", l.Text);
                    w.WriteString("url", l.Url);
                });
                break;
            case DocumentBlock document:
                w.WriteString("type", "document");
                w.WriteString("fileName", document.FileName);
                w.WriteString("mediaType", document.MediaType);
                w.WriteString("content", document.Content);
                break;
            default:
                // A block the playground does not know yet: the page says so instead of failing the message.
                w.WriteString("type", "unsupported");
                w.WriteString("text", block.GetType().Name);
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteArray<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<T> writeFields)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            writeFields(item);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string State(ProgressState state) => state switch
    {
        ProgressState.Done => "done",
        ProgressState.Active => "active",
        _ => "notStarted",
    };

    private static string Style(ButtonStyle style) => style switch
    {
        ButtonStyle.Primary => "primary",
        ButtonStyle.Danger => "danger",
        _ => "default",
    };
}
