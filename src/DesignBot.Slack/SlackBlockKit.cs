using System.Globalization;
using System.Text.Json.Nodes;
using DesignBot.Core.Messages;
using DesignBot.Core.Text;

namespace DesignBot.Slack;

/// <summary>A neutral message as Slack shows it: fallback text, Block Kit blocks, and the files to upload beside it.</summary>
public sealed record SlackMessage(string Text, JsonArray Blocks, IReadOnlyList<DocumentBlock> Documents)
{
    /// <summary>The characters of text in all blocks, which Slack caps (msg_blocks_too_long) at roughly 12,000.</summary>
    public int BlockTextChars => SlackBlockKit.TextChars(Blocks);
}

/// <summary>
/// Renders a neutral message to Block Kit within Slack's limits: at most 50 blocks; section text ≤ 3,000, header ≤ 150,
/// button text ≤ 75, ≤ 10 fields of ≤ 2,000; the block text in all under the cumulative cap. <see cref="MessageFitter"/>
/// shortens with a pointer to the design document first (<see cref="Limits"/>); the renderer then keeps every single
/// element within its own cap, so Slack never refuses a message. Buttons' action ids route back to the neutral ones.
/// </summary>
public static class SlackBlockKit
{
    public const int MaxBlocks = 50;
    public const int SectionChars = 3_000;
    public const int HeaderChars = 150;
    public const int ButtonChars = 75;
    public const int FieldsPerSection = 10;
    public const int FieldChars = 2_000;
    public const int ButtonsPerActions = 25;
    public const int ActionIdChars = 255;
    public const int ButtonValueChars = 2_000;

    /// <summary>Where Slack's undocumented cumulative cap on block text is kept clear of (it refuses at about 12,000).</summary>
    public const int TotalTextChars = 11_000;

    /// <summary>What the fitter works to; tighter than Slack's own caps, as mrkdwn escaping and field labels add characters.</summary>
    public static readonly PlatformLimits Limits = new(HeaderChars: HeaderChars, TextChars: 2_800, ItemChars: 300, FieldValueChars: 1_900, Fields: FieldsPerSection,
        TableRows: 25, Blocks: 45, TotalChars: 9_000);

    // Slack wants an action id unique within a message; neutral buttons may share one (with different values), so the
    // button's position follows a '#' and is taken off again when the press comes back.
    private const char ActionSuffix = '#';

    /// <summary>Fits and renders; a message whose block text is still over the cap is fitted tighter until it is not.</summary>
    public static SlackMessage Render(NeutralMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limits = Limits;
        for (var attempt = 0; ; attempt++)
        {
            var rendered = RenderFitted(MessageFitter.Fit(message, limits));
            if (rendered.BlockTextChars <= TotalTextChars)
                return rendered;
            if (attempt == 6)
                return TextOnly(rendered);
            // Everything shrinks, fields and table rows too: the fitter's own total counts texts and lists only.
            limits = limits with
            {
                TotalChars = limits.TotalChars / 2,
                TextChars = Math.Max(300, limits.TextChars / 2),
                ItemChars = Math.Max(80, limits.ItemChars / 2),
                FieldValueChars = Math.Max(100, limits.FieldValueChars / 2),
                TableRows = Math.Max(5, limits.TableRows / 2),
                Blocks = Math.Max(10, limits.Blocks * 2 / 3),
            };
        }
    }

    /// <summary>Renders a message already fitted to <see cref="Limits"/>.</summary>
    public static SlackMessage RenderFitted(NeutralMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var blocks = new List<JsonObject>();
        var documents = new List<DocumentBlock>();
        var buttonIndex = 0;
        foreach (var block in message.Blocks)
        {
            switch (block)
            {
                case HeaderBlock header when header.Text.Trim().Length > 0:
                    blocks.Add(new JsonObject { ["type"] = "header", ["text"] = PlainText(Cut(header.Text.ReplaceLineEndings(" "), HeaderChars)) });
                    break;
                case TextBlock text when text.Markdown.Trim().Length > 0:
                    blocks.Add(Section(SlackMrkdwn.FromMarkdown(text.Markdown, SectionChars)));
                    break;
                case ContextBlock context when context.Text.Trim().Length > 0:
                    blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(SlackMrkdwn.FromMarkdown(context.Text, SectionChars))) });
                    break;
                case ListBlock list:
                    blocks.Add(Section(SlackMrkdwn.FromMarkdown(string.Join("\n", [$"**{list.Heading}**", .. list.Items.Select(i => "• " + i)]), SectionChars)));
                    break;
                case FieldsBlock fields:
                    blocks.AddRange(Fields(fields));
                    break;
                case ProgressBlock progress when progress.Items.Count > 0:
                    blocks.Add(Section(Cut(SlackMrkdwn.Escape(ReviewMessages.ProgressLine(progress.Items)), SectionChars)));
                    break;
                case ButtonsBlock buttons:
                    foreach (var chunk in buttons.Buttons.Chunk(ButtonsPerActions))
                    {
                        var elements = new JsonArray();
                        foreach (var button in chunk)
                            elements.Add(Button(button, buttonIndex++));
                        blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = elements });
                    }
                    break;
                case TableBlock table:
                    blocks.AddRange(Table(table).Select(Section));
                    break;
                case LinksBlock links when links.Links.Count > 0:
                    blocks.Add(Section(Cut(string.Join(" · ", links.Links.Select(l => $"<{l.Url.Replace("|", "%7C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)}|{SlackMrkdwn.Escape(l.Text).Replace('|', '¦')}>")), SectionChars)));
                    break;
                case DocumentBlock document:
                    documents.Add(document);
                    break;
                case MentionsBlock mentions:
                    // <@U…> notifies the member; the ids are Slack's own user ids, so nothing else is let through unescaped.
                    blocks.Add(Section(Cut(string.Join(" ", [SlackMrkdwn.FromMarkdown(mentions.Text), .. mentions.People.Select(p => $"<@{SlackMrkdwn.Escape(p.Id)}>").Distinct()]), SectionChars)));
                    break;
            }
        }
        if (blocks.Count > MaxBlocks)
        {
            var left = blocks.Count - (MaxBlocks - 1);
            blocks = [.. blocks.Take(MaxBlocks - 1), new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn($"…and {left} more section{(left == 1 ? "" : "s")} in the design document.")) }];
        }
        var fallback = message.FallbackText.Trim().Length > 0 ? message.FallbackText : "DesignBot";
        return new SlackMessage(Cut(SlackMrkdwn.Escape(fallback), SectionChars), new JsonArray([.. blocks]), documents);
    }

    /// <summary>The last resort for a message that would not fit: its fallback text and the note that it was shortened.</summary>
    private static SlackMessage TextOnly(SlackMessage rendered) =>
        new(rendered.Text, new JsonArray(Section(Cut(rendered.Text, SectionChars - 200) + "\n_" + SlackMrkdwn.Escape(MessageFitter.ShortenedNote) + "_")), rendered.Documents);

    /// <summary>The neutral action id of a pressed button (what its neutral <see cref="Button.ActionId"/> was).</summary>
    public static string NeutralActionId(string slackActionId)
    {
        ArgumentNullException.ThrowIfNull(slackActionId);
        var at = slackActionId.LastIndexOf(ActionSuffix);
        return at >= 0 && at < slackActionId.Length - 1 && slackActionId[(at + 1)..].All(char.IsAsciiDigit) ? slackActionId[..at] : slackActionId;
    }

    internal static int TextChars(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Sum(p => p.Key == "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s.Length : TextChars(p.Value)),
        JsonArray array => array.Sum(TextChars),
        _ => 0,
    };

    private static IEnumerable<JsonObject> Fields(FieldsBlock block)
    {
        foreach (var chunk in block.Fields.Chunk(FieldsPerSection))
        {
            var fields = new JsonArray();
            foreach (var field in chunk)
            {
                var label = $"*{SlackMrkdwn.Escape(field.Label.ReplaceLineEndings(" "))}*\n";
                var value = SlackMrkdwn.Escape(field.Value);
                fields.Add(Mrkdwn(Cut(label + (value.Length == 0 ? "—" : value), FieldChars)));
            }
            if (fields.Count > 0)
                yield return new JsonObject { ["type"] = "section", ["fields"] = fields };
        }
    }

    /// <summary>A table as lines (Slack has no table a message can rely on): the columns in bold, then a line per row, split into sections.</summary>
    private static IEnumerable<string> Table(TableBlock table)
    {
        var lines = new List<string>();
        if (table.Columns.Count > 0)
            lines.Add("*" + string.Join(" · ", table.Columns.Select(c => SlackMrkdwn.Escape(c.ReplaceLineEndings(" ")))) + "*");
        foreach (var row in table.Rows)
        {
            var cells = row.Select(c => SlackMrkdwn.Escape(c.ReplaceLineEndings(" "))).ToList();
            if (cells.Count > 0)
                lines.Add(Cut("• " + string.Join(" · ", cells), SectionChars));
        }
        var section = new List<string>();
        var used = 0;
        foreach (var line in lines)
        {
            if (section.Count > 0 && used + 1 + line.Length > SectionChars)
            {
                yield return string.Join("\n", section);
                section.Clear();
                used = 0;
            }
            section.Add(line);
            used += line.Length + 1;
        }
        if (section.Count > 0)
            yield return string.Join("\n", section);
    }

    private static JsonObject Button(Button button, int index)
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"{ActionSuffix}{index}");
        var actionId = button.ActionId.Length + suffix.Length <= ActionIdChars ? button.ActionId : button.ActionId[..(ActionIdChars - suffix.Length)];
        var element = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(Cut(button.Text.Trim().Length == 0 ? "…" : button.Text.ReplaceLineEndings(" "), ButtonChars)),
            ["action_id"] = actionId + suffix,
        };
        if (button.Value.Length > 0)
            element["value"] = button.Value.Length <= ButtonValueChars ? button.Value : button.Value[..ButtonValueChars];
        if (button.Style != ButtonStyle.Default)
            element["style"] = button.Style == ButtonStyle.Primary ? "primary" : "danger";
        return element;
    }

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static string Cut(string text, int max) => text.Length <= max ? text : TextLimit.Shorten(text, max);
}
