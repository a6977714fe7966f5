using System.Reflection;
using DesignBot.Core.Sizing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NodeDeserializers;
using YamlDotNet.Serialization.NamingConventions;

namespace DesignBot.Core.Templates;

/// <summary>A template file that cannot be used; the message names the file, the line when known, and the problem.</summary>
public sealed class TemplateException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Loads review templates from YAML: the ones embedded in the core, or a team's own file.</summary>
public static class TemplateLoader
{
    public const string DefaultTemplateName = "system-design.yaml";

    private const string ResourcePrefix = "DesignBot.Core.Templates.";

    private static readonly Lazy<IReadOnlyList<ReviewTemplate>> s_builtIn = new(LoadBuiltInUncached);

    /// <summary>The built-in system design review.</summary>
    public static ReviewTemplate Default => s_builtIn.Value[0];

    /// <summary>The templates embedded in the core: the system design review first, then the others by file name.</summary>
    public static IReadOnlyList<ReviewTemplate> BuiltIn => s_builtIn.Value;

    public static ReviewTemplate LoadFile(string path) => Parse(File.ReadAllText(path), path);

    public static ReviewTemplate Parse(string yaml, string fileName)
    {
        TemplateFile file;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(HyphenatedNamingConvention.Instance)
                .WithNodeDeserializer(inner => new LineRecorder(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
                .Build();
            file = deserializer.Deserialize<TemplateFile>(yaml)
                ?? throw new TemplateException($"{fileName}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new TemplateException($"{fileName} (line {ex.Start.Line}, column {ex.Start.Column}): {Innermost(ex).Message}", ex);
        }
        return new TemplateValidation(fileName).Validate(file) with { Source = fileName };
    }

    private static List<ReviewTemplate> LoadBuiltInUncached()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .OrderBy(n => n == DefaultTemplateName ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (names.FirstOrDefault() != DefaultTemplateName)
            throw new TemplateException($"{DefaultTemplateName}: not embedded in the core assembly.");
        return [.. names.Select(name =>
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)!;
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), name) with { Source = $"{name} (built in)" };
        })];
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);

    /// <summary>Records where each mapping of the file starts, so a problem found after parsing names its line.</summary>
    private sealed class LineRecorder(INodeDeserializer inner) : INodeDeserializer
    {
        public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
        {
            var line = reader.Current?.Start.Line ?? 0;
            if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer))
                return false;
            if (value is Located located)
                located.Line = (int)line;
            return true;
        }
    }

    internal static QuestionKind? ParseKind(string? kind) =>
        Enum.TryParse<QuestionKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;

    // Mutable shapes for YamlDotNet; validated into the immutable records by TemplateValidation.
    internal abstract class Located
    {
        /// <summary>The line the mapping starts on (1-based); 0 when not known.</summary>
        [YamlIgnore]
        public int Line { get; set; }
    }

    internal sealed class TemplateFile : Located
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public List<SectionFile>? Sections { get; set; }
        public List<StepFile>? Steps { get; set; }
    }

    internal sealed class SectionFile : Located
    {
        public string? Id { get; set; }
        public string? Heading { get; set; }
        public string? Diagram { get; set; }
        public string? Records { get; set; }
    }

    internal sealed class StepFile : Located
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? ShortTitle { get; set; }
        public string? Purpose { get; set; }
        public string? Section { get; set; }
        public List<string>? Computes { get; set; }
        public string? ReadPathFrom { get; set; }
        public List<QuestionFile>? Questions { get; set; }
    }

    internal sealed class QuestionFile : Located
    {
        public string? Id { get; set; }
        public string? Prompt { get; set; }
        public string? Kind { get; set; }
        public string? Hint { get; set; }
        public string? Unit { get; set; }
        public string? Default { get; set; }
        public string? Section { get; set; }
        public string? Feeds { get; set; }
        public List<string>? Choices { get; set; }
    }
}
