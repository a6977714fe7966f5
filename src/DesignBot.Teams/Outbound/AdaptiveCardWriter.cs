using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DesignBot.Core.Messages;
using DesignBot.Teams.Inbound;

namespace DesignBot.Teams.Outbound;

/// <summary>
/// Neutral messages → Adaptive Cards (schema 1.5, what Teams renders), each sent as the only attachment of its activity.
/// Every block type has a rendering; buttons are <c>Action.Execute</c> whose data names the neutral action and value, so a
/// press comes back as an <c>adaptiveCard/action</c> invoke. Messages are fitted with <see cref="MessageFitter"/> first,
/// then shortened further until the activity is under <see cref="MaxActivityBytes"/>.
/// </summary>
public static partial class AdaptiveCardWriter
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Teams refuses activities of about 100 KB (413); the bot stays well under.</summary>
    public const int MaxActivityBytes = 80 * 1024;

    /// <summary>What a card says in place of a file (the Markdown export): where to get it.</summary>
    public const string DocumentNote = "Teams bots can't attach files to channel messages: open or download it with the link below.";

    public static readonly PlatformLimits Limits = new(HeaderChars: 200, TextChars: 3_000, ItemChars: 300, FieldValueChars: 1_500, Fields: 12, TableRows: 40, Blocks: 60, TotalChars: 24_000);

    /// <summary>The activity for a message: one Adaptive Card attachment and no text (Teams splits text + card and returns no id).</summary>
    public static JsonObject Activity(NeutralMessage message, PlatformLimits? limits = null)
    {
        var current = limits ?? Limits;
        while (true)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = ContentType, ["content"] = Card(MessageFitter.Fit(message, current)) }),
            };
            if (Encoding.UTF8.GetByteCount(activity.ToJsonString()) <= MaxActivityBytes || current.TotalChars <= 500)
                return activity;
            current = Halved(current);
        }
    }

    /// <summary>Limits half as roomy: for a card that came out too big, or that Teams refused as too large (413).</summary>
    public static PlatformLimits Halved(PlatformLimits limits) => limits with
    {
        TextChars = Math.Max(200, limits.TextChars / 2),
        ItemChars = Math.Max(80, limits.ItemChars / 2),
        FieldValueChars = Math.Max(100, limits.FieldValueChars / 2),
        TableRows = Math.Max(5, limits.TableRows / 2),
        TotalChars = Math.Max(500, limits.TotalChars / 2),
    };

    /// <summary>Teams renders at most this many actions in one set (its host config's maxActions).</summary>
    public const int MaxActionsPerSet = 5;

    /// <summary>The card of a message already fitted to the limits.</summary>
    public static JsonObject Card(NeutralMessage message)
    {
        var body = new JsonArray();
        var actions = new JsonArray();
        var mentions = new JsonArray();
        foreach (var block in message.Blocks)
        {
            if (block is MentionsBlock mentioned)
                body.Add(Mentions(mentioned, mentions));
            else
                Render(block, body, actions);
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["fallbackText"] = message.FallbackText,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
        if (actions.Count > MaxActionsPerSet)
        {
            // Teams shows at most 5 actions in a set: a question's options with Skip and Finish step can be more, so its
            // buttons go at the end of the body in sets of up to 5, in order; links stay the card's own actions.
            var buttons = actions.OfType<JsonObject>().Where(a => a["type"]!.GetValue<string>() == "Action.Execute").ToList();
            foreach (var row in buttons.Chunk(MaxActionsPerSet))
            {
                foreach (var button in row)
                    actions.Remove(button);
                body.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray([.. row]) });
            }
        }
        if (actions.Count > 0)
            card["actions"] = actions;
        if (mentions.Count > 0)
            card["msteams"]!["entities"] = mentions;
        return card;
    }

    /// <summary>A line mentioning people: `&lt;at&gt;Name&lt;/at&gt;` in the text, and the mention entity Teams resolves it with.</summary>
    private static JsonObject Mentions(MentionsBlock block, JsonArray entities)
    {
        var tags = new List<string>();
        foreach (var person in block.People.DistinctBy(p => p.Id))
        {
            var tag = $"<at>{person.Display}</at>";
            tags.Add(tag);
            entities.Add(new JsonObject { ["type"] = "mention", ["text"] = tag, ["mentioned"] = new JsonObject { ["id"] = person.Id, ["name"] = person.Display } });
        }
        return Text(string.Join(" ", [Markdown(block.Text), .. tags]));
    }

    private static void Render(Block block, JsonArray body, JsonArray actions)
    {
        switch (block)
        {
            case HeaderBlock header:
                body.Add(Text(header.Text, size: "Large", weight: "Bolder", style: "heading"));
                break;
            case TextBlock text:
                AddLines(body, text.Markdown, subtle: false);
                break;
            case ContextBlock context:
                AddLines(body, context.Text, subtle: true);
                break;
            case ListBlock list:
                // The fitter turns lists into text; rendered alike when one comes unfitted.
                AddLines(body, string.Join("\n", [$"**{list.Heading}**", .. list.Items.Select(i => "• " + i)]), subtle: false);
                break;
            case FieldsBlock fields:
                body.Add(Facts(fields.Fields.Select(f => (f.Label, f.Value))));
                break;
            case ProgressBlock progress:
                body.Add(Facts(progress.Items.Select(i => ($"{Symbol(i.State)} {i.Label}", $"{i.Done}/{i.Total}"))));
                break;
            case TableBlock table:
                body.Add(Table(table));
                break;
            case ButtonsBlock buttons:
                foreach (var button in buttons.Buttons)
                    actions.Add(Execute(button));
                break;
            case LinksBlock links:
                foreach (var link in links.Links)
                    actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = link.Text, ["url"] = link.Url });
                break;
            case DocumentBlock document:
                // A bot cannot attach a file to a channel post without Microsoft Graph (and the Files.ReadWrite.All
                // consent it needs): the card names the file and the message's links open it from the host.
                body.Add(Text($"📄 {document.FileName}", weight: "Bolder"));
                body.Add(Text(DocumentNote, subtle: true));
                break;
        }
    }

    private static JsonObject Execute(Button button)
    {
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = button.Text,
            ["verb"] = button.ActionId,
            ["data"] = new JsonObject { [TeamsMapper.ActionIdField] = button.ActionId, [TeamsMapper.ActionValueField] = button.Value },
        };
        if (button.Style != ButtonStyle.Default)
            action["style"] = button.Style == ButtonStyle.Primary ? "positive" : "destructive";
        return action;
    }

    private static JsonObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = Plain(f.Title), ["value"] = Plain(f.Value) })]),
    };

    private static JsonObject Table(TableBlock table)
    {
        var rows = new JsonArray { Row(table.Columns, bold: true) };
        foreach (var row in table.Rows)
            rows.Add(Row(row, bold: false));
        return new JsonObject
        {
            ["type"] = "Table",
            ["firstRowAsHeader"] = true,
            ["showGridLines"] = true,
            ["columns"] = new JsonArray([.. table.Columns.Select(_ => (JsonNode)new JsonObject { ["width"] = 1 })]),
            ["rows"] = rows,
        };
    }

    private static JsonObject Row(IReadOnlyList<string> cells, bool bold) => new()
    {
        ["type"] = "TableRow",
        ["cells"] = new JsonArray([.. cells.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = "TableCell",
            ["items"] = new JsonArray(bold ? Text(c, weight: "Bolder") : Text(c)),
        })]),
    };

    // One TextBlock per line: Teams' card markdown ignores single line breaks.
    private static void AddLines(JsonArray body, string markdown, bool subtle)
    {
        var first = true;
        foreach (var line in Markdown(markdown).Split('\n'))
        {
            if (line.Length == 0)
            {
                first = false;
                continue;
            }
            var block = Text(line, subtle: subtle);
            if (!first)
                block["spacing"] = "None";
            body.Add(block);
            first = false;
        }
    }

    private static JsonObject Text(string text, string? size = null, string? weight = null, bool subtle = false, string? style = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
            block["size"] = size;
        if (weight is not null)
            block["weight"] = weight;
        if (style is not null)
            block["style"] = style;
        if (subtle)
        {
            block["isSubtle"] = true;
            block["size"] = "Small";
        }
        return block;
    }

    /// <summary>
    /// The core's Markdown → the subset a card renders: bold, italic and links stay; code spans lose their backticks (cards
    /// have no code style); commands read the way they are typed in Teams (<c>@DesignBot start</c>, not <c>/design start</c>).
    /// </summary>
    public static string Markdown(string markdown)
    {
        var text = SlashCommand().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), "@DesignBot ");
        return CodeSpan().Replace(text, m => m.Groups["code"].Value);
    }

    private static string Plain(string text) => Markdown(text).Replace("**", "", StringComparison.Ordinal);

    private static string Symbol(ProgressState state) => state switch
    {
        ProgressState.Done => "✓",
        ProgressState.Active => "▶",
        _ => "○",
    };

    [GeneratedRegex(@"(?<=`)/design\s+")]
    private static partial Regex SlashCommand();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex CodeSpan();
}
