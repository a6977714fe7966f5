using System.Reflection;
using DesignBot.Core.Sizing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DesignBot.Core.Templates;

/// <summary>A template file that cannot be used; the message names the file and the problem.</summary>
public sealed class TemplateException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Loads review templates from YAML: the embedded default, or a team's own file.</summary>
public static class TemplateLoader
{
    public const string DefaultTemplateName = "system-design.yaml";

    private static readonly Lazy<ReviewTemplate> s_default = new(LoadDefaultUncached);

    public static ReviewTemplate Default => s_default.Value;

    public static ReviewTemplate LoadFile(string path) => Parse(File.ReadAllText(path), path);

    public static ReviewTemplate Parse(string yaml, string fileName)
    {
        TemplateFile file;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(HyphenatedNamingConvention.Instance)
                .Build();
            file = deserializer.Deserialize<TemplateFile>(yaml)
                ?? throw new TemplateException($"{fileName}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new TemplateException($"{fileName} (line {ex.Start.Line}, column {ex.Start.Column}): {Innermost(ex).Message}", ex);
        }
        return Validate(file, fileName);
    }

    private static ReviewTemplate LoadDefaultUncached()
    {
        var resource = $"DesignBot.Core.Templates.{DefaultTemplateName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new TemplateException($"{DefaultTemplateName}: not embedded in the core assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), DefaultTemplateName);
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);

    private static ReviewTemplate Validate(TemplateFile file, string fileName)
    {
        T Fail<T>(string problem) => throw new TemplateException($"{fileName}: {problem}");

        var id = string.IsNullOrWhiteSpace(file.Id) ? Fail<string>("the template has no 'id'.") : file.Id!;
        if (file.Steps is not { Count: > 0 })
            Fail<object>("the template has no steps.");
        var sections = new List<TemplateSection>();
        foreach (var (section, sectionIndex) in (file.Sections ?? []).Select((s, i) => (s, i + 1)))
        {
            var sectionId = string.IsNullOrWhiteSpace(section.Id) ? Fail<string>($"section {sectionIndex} has no 'id'.") : section.Id!.Trim();
            if (sections.Any(s => s.Id == sectionId))
                Fail<object>($"section '{sectionId}' appears twice.");
            var heading = string.IsNullOrWhiteSpace(section.Heading) ? Fail<string>($"section '{sectionId}' has no 'heading'.") : section.Heading!.Trim();
            if (section.Diagram is { } diagram && diagram.Trim() != "flowchart")
                Fail<object>($"section '{sectionId}' has diagram '{diagram}'; the only diagram is flowchart.");
            sections.Add(new TemplateSection(sectionId, heading) { Diagram = section.Diagram?.Trim() });
        }
        string? SectionOf(string? given, string where)
        {
            if (string.IsNullOrWhiteSpace(given))
                return null;
            var sectionId = given.Trim();
            return sections.Any(s => s.Id == sectionId) ? sectionId : Fail<string>($"{where} names section '{sectionId}', which the template's 'sections' do not list.");
        }
        var steps = new List<StepTemplate>();
        foreach (var (step, stepIndex) in file.Steps!.Select((s, i) => (s, i + 1)))
        {
            var where = $"step {stepIndex}";
            var stepId = string.IsNullOrWhiteSpace(step.Id) ? Fail<string>($"{where} has no 'id'.") : step.Id!;
            where = $"step '{stepId}'";
            if (steps.Any(s => s.Id == stepId))
                Fail<object>($"{where} appears twice.");
            if (step.Questions is not { Count: > 0 })
                Fail<object>($"{where} has no questions.");
            var stepSection = SectionOf(step.Section, where);
            var questions = new List<QuestionTemplate>();
            foreach (var (q, qIndex) in step.Questions!.Select((q, i) => (q, i + 1)))
            {
                var qWhere = $"{where}, question {qIndex}";
                var qId = string.IsNullOrWhiteSpace(q.Id) ? Fail<string>($"{qWhere} has no 'id'.") : q.Id!;
                qWhere = $"{where}, question '{qId}'";
                if (questions.Any(x => x.Id == qId))
                    Fail<object>($"{qWhere} appears twice.");
                var prompt = string.IsNullOrWhiteSpace(q.Prompt) ? Fail<string>($"{qWhere} has no 'prompt'.") : q.Prompt!.Trim();
                var kind = ParseKind(q.Kind) ?? Fail<QuestionKind>($"{qWhere} has kind '{q.Kind}'; use text, number, choice or confirm.");
                var choices = q.Choices ?? [];
                if (kind == QuestionKind.Choice && choices.Count < 2)
                    Fail<object>($"{qWhere} is a choice with fewer than two 'choices'.");
                QuantityKind? unit = null;
                if (kind == QuestionKind.Number)
                {
                    unit = Enum.TryParse<QuantityKind>(q.Unit ?? "count", ignoreCase: true, out var u)
                        ? u
                        : Fail<QuantityKind>($"{qWhere} has unit '{q.Unit}'; use count, bytes, ratio, duration, multiplier or percent.");
                }
                if (q.Default is { } given && (unit is not { } u2 || !QuantityParser.TryParse(given, u2, out _, out _)))
                    Fail<object>($"{qWhere} has default '{given}', which is not a value of its unit.");
                questions.Add(new QuestionTemplate(qId, prompt, kind, q.Hint?.Trim(), choices, unit)
                {
                    Default = string.IsNullOrWhiteSpace(q.Default) ? null : q.Default.Trim(),
                    Section = SectionOf(q.Section, qWhere) ?? stepSection,
                    Feeds = string.IsNullOrWhiteSpace(q.Feeds) ? null : q.Feeds.Trim(),
                });
            }
            steps.Add(new StepTemplate(
                stepId,
                string.IsNullOrWhiteSpace(step.Title) ? Fail<string>($"{where} has no 'title'.") : step.Title!.Trim(),
                step.Purpose?.Trim() ?? "",
                questions,
                step.Computes ?? [])
            {
                ReadPathFrom = string.IsNullOrWhiteSpace(step.ReadPathFrom) ? null : step.ReadPathFrom.Trim(),
                ShortTitle = string.IsNullOrWhiteSpace(step.ShortTitle) ? step.Title!.Trim() : step.ShortTitle.Trim(),
            });
        }
        return new ReviewTemplate(id, file.Title?.Trim() ?? id, steps) { Sections = sections };
    }

    private static QuestionKind? ParseKind(string? kind) =>
        Enum.TryParse<QuestionKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;

    // Mutable shapes for YamlDotNet; validated into the immutable records above.
    private sealed class TemplateFile
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public List<SectionFile>? Sections { get; set; }
        public List<StepFile>? Steps { get; set; }
    }

    private sealed class SectionFile
    {
        public string? Id { get; set; }
        public string? Heading { get; set; }
        public string? Diagram { get; set; }
    }

    private sealed class StepFile
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

    private sealed class QuestionFile
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
