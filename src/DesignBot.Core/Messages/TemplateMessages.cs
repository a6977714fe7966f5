using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Messages;

/// <summary>What the bot says about templates: `/design templates`, an unknown `--template`, a review whose template is gone.</summary>
public static class TemplateMessages
{
    /// <summary>`/design templates`: each template by id, with its title and steps, and how to start one.</summary>
    public static NeutralMessage List(TemplateCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = catalog.All
            .Select(t => (IReadOnlyList<string>)[t.Id, t == catalog.Default ? $"{t.Title} (default)" : t.Title, string.Join(" · ", t.Steps.Select(s => s.ShortTitle))])
            .ToList();
        return new NeutralMessage(
            $"{catalog.All.Count} review template{ReviewMessages.Plural(catalog.All.Count)}: {string.Join(", ", catalog.All.Select(t => t.Id))}",
            [
                new HeaderBlock("Review templates"),
                new TableBlock(["Id", "Title", "Steps"], rows),
                new ContextBlock($"Start one with `/design start <title> --template <id>`; without `--template` a review uses `{catalog.Default.Id}`."),
            ]);
    }

    /// <summary>A start naming a template the catalog does not have: nothing started, and the ids there are.</summary>
    public static string Unknown(string named, TemplateCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var which = string.IsNullOrWhiteSpace(named) ? "`--template` needs a template id" : $"There is no template `{ReviewMessages.Limit(named.Trim(), 60)}`";
        var ids = string.Join(", ", catalog.All.Select(t => $"`{t.Id}` ({t.Title})"));
        return $"{which}, so no review was started. The templates are {ids}: `/design start <title> --template {catalog.All[^1].Id}`. `/design templates` lists their steps.";
    }

    /// <summary>A review whose template this host does not load any more.</summary>
    public static string TemplateGone(ReviewState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return $"**{state.Title}** follows the template `{state.TemplateId}`, which this host no longer loads, so nothing was changed. "
            + "Put its file back in the templates folder (DesignBot:TemplatesPath) and restart the host to carry on.";
    }
}
