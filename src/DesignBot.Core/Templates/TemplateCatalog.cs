namespace DesignBot.Core.Templates;

/// <summary>
/// The templates a host offers: the built-in ones, then a team's files. The first is the default, used when a start
/// names none; a review keeps the id of the one it started with (<see cref="Reviews.ReviewState.TemplateId"/>).
/// </summary>
public sealed class TemplateCatalog
{
    private static readonly Lazy<TemplateCatalog> s_builtIn = new(() => new TemplateCatalog(TemplateLoader.BuiltIn));

    /// <summary>Template ids must be unique; the message names both files that use one.</summary>
    public TemplateCatalog(IEnumerable<ReviewTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var all = new List<ReviewTemplate>();
        foreach (var template in templates)
        {
            if (all.FirstOrDefault(t => string.Equals(t.Id, template.Id, StringComparison.OrdinalIgnoreCase)) is { } first)
                throw new TemplateException($"{template.Source}: the template id '{template.Id}' is already used by {first.Source}; each template needs an id of its own.");
            all.Add(template);
        }
        if (all.Count == 0)
            throw new ArgumentException("A catalog needs at least one template.", nameof(templates));
        All = all;
    }

    /// <summary>The templates embedded in the core (system design review first).</summary>
    public static TemplateCatalog BuiltIn => s_builtIn.Value;

    /// <summary>
    /// The built-in templates plus every `*.yaml` / `*.yml` file in <paramref name="folder"/>, in file-name order. A folder
    /// that does not exist is an error when <paramref name="required"/> (it was configured), else just no team templates.
    /// Any file that cannot be used fails the whole load with a <see cref="TemplateException"/> naming it.
    /// </summary>
    public static TemplateCatalog Load(string folder, bool required)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            return required
                ? throw new TemplateException($"{folder}: the templates folder does not exist (DesignBot:TemplatesPath).")
                : BuiltIn;
        }
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new TemplateCatalog([.. TemplateLoader.BuiltIn, .. files.Select(TemplateLoader.LoadFile)]);
    }

    public IReadOnlyList<ReviewTemplate> All { get; }

    /// <summary>The template a start uses when it names none: the system design review.</summary>
    public ReviewTemplate Default => All[0];

    public ReviewTemplate? Find(string id) => All.FirstOrDefault(t => string.Equals(t.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
}
