using DesignBot.Core.Templates;
using Microsoft.Extensions.Options;

namespace DesignBot.Host.Hosting;

/// <summary>
/// The host's template catalog: the built-in templates plus the team's YAML files in DesignBot:TemplatesPath (default
/// <see cref="DefaultFolder"/> in the content root, beside appsettings.json). Loaded once; the validation of
/// <see cref="DesignBotOptions"/> at start loads it, so a broken file stops the host as a bad setting does.
/// </summary>
public sealed class HostTemplates(IHostEnvironment environment, ILogger<HostTemplates> logger)
{
    public const string DefaultFolder = "templates";

    private readonly Lock _lock = new();
    private (string Folder, TemplateCatalog Catalog)? _loaded;

    /// <summary>The folder the options name, absolute; a configured folder must exist, the default one may not.</summary>
    public (string Folder, bool Configured) FolderOf(DesignBotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = !string.IsNullOrWhiteSpace(options.TemplatesPath);
        return (Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured ? options.TemplatesPath!.Trim() : DefaultFolder)), configured);
    }

    /// <summary>The catalog for these options; throws <see cref="TemplateException"/> naming the file, line and problem.</summary>
    public TemplateCatalog Load(DesignBotOptions options)
    {
        var (folder, configured) = FolderOf(options);
        lock (_lock)
        {
            if (_loaded is { } loaded && loaded.Folder == folder)
                return loaded.Catalog;
            var catalog = TemplateCatalog.Load(folder, configured);
            _loaded = (folder, catalog);
            Log.TemplatesLoaded(logger, string.Join(", ", catalog.All.Select(t => t.Id)), Directory.Exists(folder) ? folder : $"{folder}, which does not exist");
            return catalog;
        }
    }
}

/// <summary>Checks the templates at start, with the other options: any file that cannot be used fails the start.</summary>
internal sealed class TemplatesValidation(HostTemplates templates) : IValidateOptions<DesignBotOptions>
{
    public ValidateOptionsResult Validate(string? name, DesignBotOptions options)
    {
        try
        {
            templates.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (TemplateException invalid)
        {
            return ValidateOptionsResult.Fail(invalid.Message);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"{templates.FolderOf(options).Folder}: the templates cannot be read (DesignBot:TemplatesPath): {unreadable.Message}");
        }
    }
}
