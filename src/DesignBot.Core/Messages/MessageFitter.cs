namespace DesignBot.Core.Messages;

/// <summary>
/// What one platform lets a message hold. Each channel adapter declares its own (Slack: header 150, section 3,000,
/// 50 blocks, ~12,000 characters in all; Teams: a card under ~80 KB); the core builds complete messages and knows none of them.
/// </summary>
public sealed record PlatformLimits(
    int HeaderChars,
    int TextChars,
    int ItemChars,
    int FieldValueChars,
    int Fields,
    int TableRows,
    int Blocks,
    int TotalChars);

/// <summary>
/// Fits a complete neutral message into a platform's limits, for the renderers: headers, texts, list items, fields
/// and tables are shortened, lists keep the items that fit and say how many they left out, and a message that was
/// shortened says so and points to the design document. Nothing is dropped without a word. Lists come out as text
/// blocks, so a renderer never sees a <see cref="ListBlock"/>.
/// </summary>
public static class MessageFitter
{
    public const string ShortenedNote = "Some answers are shortened to fit here; the design document has them whole.";

    public static NeutralMessage Fit(NeutralMessage message, PlatformLimits limits)
    {
        // A message over the total shrinks its texts and lists step by step until it fits.
        var textChars = limits.TextChars;
        while (true)
        {
            var (blocks, shortened) = FitBlocks(message.Blocks, limits, textChars);
            if (TotalChars(blocks) <= limits.TotalChars || textChars <= 200)
                return new NeutralMessage(ReviewMessages.Limit(message.FallbackText, limits.TotalChars), shortened ? WithNote(blocks, limits) : blocks);
            textChars /= 2;
        }
    }

    private static (List<Block> Blocks, bool Shortened) FitBlocks(IReadOnlyList<Block> blocks, PlatformLimits limits, int textChars)
    {
        var shortened = false;
        var fitted = new List<Block>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeaderBlock header:
                    fitted.Add(new HeaderBlock(Cut(header.Text, limits.HeaderChars, ref shortened)));
                    break;
                case TextBlock text:
                    fitted.Add(new TextBlock(Cut(text.Markdown, textChars, ref shortened)));
                    break;
                case ContextBlock context:
                    fitted.Add(new ContextBlock(Cut(context.Text, textChars, ref shortened)));
                    break;
                case ListBlock list:
                    fitted.Add(new TextBlock(ListText(list, limits.ItemChars, textChars, ref shortened)));
                    break;
                case FieldsBlock fields:
                    fitted.AddRange(FitFields(fields, limits, ref shortened));
                    break;
                case TableBlock table:
                    fitted.AddRange(FitTable(table, limits, ref shortened));
                    break;
                default:
                    fitted.Add(block);
                    break;
            }
        }
        if (fitted.Count > limits.Blocks)
        {
            // Keep the links (the way to the whole document) and say how many sections were left out.
            var links = fitted.OfType<LinksBlock>().ToList();
            var room = limits.Blocks - links.Count - 1;
            var rest = fitted.Count - links.Count - room;
            fitted = [.. fitted.Where(b => b is not LinksBlock).Take(room), new ContextBlock($"…and {rest} more section{ReviewMessages.Plural(rest)} in the design document."), .. links];
            shortened = true;
        }
        return (fitted, shortened);
    }

    /// <summary>"**Heading**" and one line per item, as many as fit; then how many were left out.</summary>
    private static string ListText(ListBlock list, int itemChars, int textChars, ref bool shortened)
    {
        var heading = $"**{list.Heading}**";
        if (list.Items.Count == 0)
            return heading;
        const int reserve = 60; // room for the "…and N more" line
        var lines = new List<string> { heading };
        var used = heading.Length;
        foreach (var item in list.Items)
        {
            var line = "• " + Cut(ReviewMessages.OneLine(item), itemChars, ref shortened);
            if (used + 1 + line.Length > textChars - reserve)
                break;
            lines.Add(line);
            used += 1 + line.Length;
        }
        var left = list.Items.Count - (lines.Count - 1);
        if (left > 0)
        {
            lines.Add($"…and {left} more {list.Noun}{ReviewMessages.Plural(left)} in the design document");
            shortened = true;
        }
        return string.Join("\n", lines);
    }

    private static IEnumerable<Block> FitFields(FieldsBlock block, PlatformLimits limits, ref bool shortened)
    {
        var fields = new List<Field>();
        foreach (var field in block.Fields.Take(limits.Fields))
            fields.Add(new Field(field.Label, Cut(field.Value, limits.FieldValueChars, ref shortened)));
        var left = block.Fields.Count - fields.Count;
        if (left <= 0)
            return [new FieldsBlock(fields)];
        shortened = true;
        return [new FieldsBlock(fields), new ContextBlock($"…and {left} more field{ReviewMessages.Plural(left)} in the design document.")];
    }

    private static IEnumerable<Block> FitTable(TableBlock table, PlatformLimits limits, ref bool shortened)
    {
        var left = table.Rows.Count - limits.TableRows;
        if (left <= 0)
            return [table];
        shortened = true;
        return [new TableBlock(table.Columns, [.. table.Rows.Take(limits.TableRows)]), new ContextBlock($"…and {left} more row{ReviewMessages.Plural(left)} in the design document.")];
    }

    private static List<Block> WithNote(List<Block> blocks, PlatformLimits limits)
    {
        if (blocks.Count >= limits.Blocks || blocks.OfType<ContextBlock>().Any(c => c.Text == ShortenedNote))
            return blocks;
        var at = blocks.FindIndex(b => b is LinksBlock);
        blocks.Insert(at < 0 ? blocks.Count : at, new ContextBlock(ShortenedNote));
        return blocks;
    }

    private static string Cut(string text, int max, ref bool shortened)
    {
        if (text.Length <= max)
            return text;
        shortened = true;
        return ReviewMessages.Limit(text, max);
    }

    private static int TotalChars(IEnumerable<Block> blocks) => blocks.Sum(b => b switch
    {
        HeaderBlock h => h.Text.Length,
        TextBlock t => t.Markdown.Length,
        ContextBlock c => c.Text.Length,
        FieldsBlock f => f.Fields.Sum(x => x.Label.Length + x.Value.Length),
        TableBlock t => t.Rows.Sum(r => r.Sum(c => c.Length)) + t.Columns.Sum(c => c.Length),
        ProgressBlock p => p.Items.Sum(i => i.Label.Length + 8),
        ButtonsBlock buttons => buttons.Buttons.Sum(x => x.Text.Length),
        LinksBlock l => l.Links.Sum(x => x.Text.Length),
        _ => 0,
    });

}
