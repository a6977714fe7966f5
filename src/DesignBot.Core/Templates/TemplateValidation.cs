using DesignBot.Core.Sizing;
using static DesignBot.Core.Templates.TemplateLoader;

namespace DesignBot.Core.Templates;

/// <summary>
/// Turns a parsed template file into the immutable template, or fails with one message naming the file, the line of the
/// mapping at fault and the problem: "team.yaml (line 12): step 'sizing', question 'dau' feeds 'users', …".
/// </summary>
internal sealed class TemplateValidation(string fileName)
{
    private T Fail<T>(int line, string problem) =>
        throw new TemplateException(line > 0 ? $"{fileName} (line {line}): {problem}" : $"{fileName}: {problem}");

    public ReviewTemplate Validate(TemplateFile file)
    {
        var id = string.IsNullOrWhiteSpace(file.Id) ? Fail<string>(file.Line, "the template has no 'id'.") : file.Id!.Trim();
        if (file.Steps is not { Count: > 0 })
            Fail<object>(file.Line, "the template has no steps.");
        var sections = Sections(file.Sections ?? []);
        var steps = new List<StepTemplate>();
        foreach (var (step, stepIndex) in file.Steps!.Select((s, i) => (s, i + 1)))
            steps.Add(Step(step, stepIndex, steps, sections));
        foreach (var (step, stepFile) in steps.Zip(file.Steps!))
        {
            if (step.ReadPathFrom is { } from && steps.All(s => s.Id != from))
                Fail<object>(stepFile.Line, $"step '{step.Id}' has read-path-from '{from}', which is no step of the template.");
        }
        var computing = steps.Zip(file.Steps!).Where(p => p.First.IsSizing).ToList();
        if (computing.Count > 1)
            Fail<object>(computing[1].Second.Line, $"step '{computing[1].First.Id}' computes an estimate, and so does step '{computing[0].First.Id}'; only one step computes it.");
        return new ReviewTemplate(id, file.Title?.Trim() ?? id, steps) { Sections = sections };
    }

    private List<TemplateSection> Sections(List<SectionFile> files)
    {
        var sections = new List<TemplateSection>();
        foreach (var (section, sectionIndex) in files.Select((s, i) => (s, i + 1)))
        {
            var sectionId = string.IsNullOrWhiteSpace(section.Id) ? Fail<string>(section.Line, $"section {sectionIndex} has no 'id'.") : section.Id!.Trim();
            if (sections.Any(s => s.Id == sectionId))
                Fail<object>(section.Line, $"section '{sectionId}' appears twice.");
            var heading = string.IsNullOrWhiteSpace(section.Heading) ? Fail<string>(section.Line, $"section '{sectionId}' has no 'heading'.") : section.Heading!.Trim();
            if (section.Diagram is { } diagram && diagram.Trim() != "flowchart")
                Fail<object>(section.Line, $"section '{sectionId}' has diagram '{diagram}'; the only diagram is flowchart.");
            if (section.Records is { } records && records.Trim() != TemplateSection.DecisionRecords)
                Fail<object>(section.Line, $"section '{sectionId}' has records '{records}'; the only records are {TemplateSection.DecisionRecords}.");
            if (section.Records is not null && sections.Any(s => s.Records is not null))
                Fail<object>(section.Line, $"section '{sectionId}' has records, and so does an earlier section; one section holds the decisions.");
            sections.Add(new TemplateSection(sectionId, heading) { Diagram = section.Diagram?.Trim(), Records = section.Records?.Trim() });
        }
        return sections;
    }

    private string? SectionOf(string? given, List<TemplateSection> sections, int line, string where)
    {
        if (string.IsNullOrWhiteSpace(given))
            return null;
        var sectionId = given.Trim();
        return sections.Any(s => s.Id == sectionId) ? sectionId : Fail<string>(line, $"{where} names section '{sectionId}', which the template's 'sections' do not list.");
    }

    private StepTemplate Step(StepFile step, int stepIndex, List<StepTemplate> before, List<TemplateSection> sections)
    {
        var stepId = string.IsNullOrWhiteSpace(step.Id) ? Fail<string>(step.Line, $"step {stepIndex} has no 'id'.") : step.Id!.Trim();
        var where = $"step '{stepId}'";
        if (before.Any(s => s.Id == stepId))
            Fail<object>(step.Line, $"{where} appears twice.");
        var title = string.IsNullOrWhiteSpace(step.Title) ? Fail<string>(step.Line, $"{where} has no 'title'.") : step.Title!.Trim();
        if (step.Questions is not { Count: > 0 })
            Fail<object>(step.Line, $"{where} has no questions.");
        var stepSection = SectionOf(step.Section, sections, step.Line, where);
        var computes = Computes(step, where);
        var questions = new List<QuestionTemplate>();
        foreach (var (q, qIndex) in step.Questions!.Select((q, i) => (q, i + 1)))
            questions.Add(Question(q, qIndex, where, questions, sections, stepSection, computes));
        foreach (var part in computes)
        {
            var unfed = EstimatorInput.NeededFor(part).Where(input => questions.All(q => q.Feeds != input.Name)).Select(i => i.Name).ToList();
            if (unfed.Count > 0)
                Fail<object>(step.Line, $"{where} computes {part}, but no question feeds {string.Join(", ", unfed)} (add `feeds: {unfed[0]}` to the question that asks for it).");
        }
        return new StepTemplate(stepId, title, step.Purpose?.Trim() ?? "", questions, computes)
        {
            ReadPathFrom = string.IsNullOrWhiteSpace(step.ReadPathFrom) ? null : step.ReadPathFrom.Trim(),
            ShortTitle = string.IsNullOrWhiteSpace(step.ShortTitle) ? title : step.ShortTitle.Trim(),
        };
    }

    /// <summary>`computes:` names parts of the estimate the estimator knows; storage and bandwidth come from traffic.</summary>
    private List<string> Computes(StepFile step, string where)
    {
        var computes = new List<string>();
        foreach (var given in step.Computes ?? [])
        {
            var part = given?.Trim().ToLowerInvariant() ?? "";
            if (!EstimatorParts.All.Contains(part))
                Fail<object>(step.Line, $"{where} computes '{given}'; the estimator computes {string.Join(", ", EstimatorParts.All)}.");
            if (!computes.Contains(part))
                computes.Add(part);
        }
        if (computes.Count > 0 && !computes.Contains(EstimatorParts.Traffic))
            Fail<object>(step.Line, $"{where} computes {string.Join(" and ", computes)} without traffic, which they are computed from.");
        return computes;
    }

    private QuestionTemplate Question(QuestionFile q, int qIndex, string where, List<QuestionTemplate> before, List<TemplateSection> sections, string? stepSection, List<string> computes)
    {
        var qId = string.IsNullOrWhiteSpace(q.Id) ? Fail<string>(q.Line, $"{where}, question {qIndex} has no 'id'.") : q.Id!.Trim();
        var qWhere = $"{where}, question '{qId}'";
        if (before.Any(x => x.Id == qId))
            Fail<object>(q.Line, $"{qWhere} appears twice.");
        var prompt = string.IsNullOrWhiteSpace(q.Prompt) ? Fail<string>(q.Line, $"{qWhere} has no 'prompt'.") : q.Prompt!.Trim();
        var kind = ParseKind(q.Kind) ?? Fail<QuestionKind>(q.Line, $"{qWhere} has kind '{q.Kind}'; use text, number, choice or confirm.");
        var choices = q.Choices ?? [];
        if (kind == QuestionKind.Choice && choices.Count < 2)
            Fail<object>(q.Line, $"{qWhere} is a choice with fewer than two 'choices'.");
        QuantityKind? unit = null;
        if (kind == QuestionKind.Number)
        {
            unit = Enum.TryParse<QuantityKind>(q.Unit ?? "count", ignoreCase: true, out var u)
                ? u
                : Fail<QuantityKind>(q.Line, $"{qWhere} has unit '{q.Unit}'; use count, bytes, ratio, duration, multiplier or percent.");
        }
        if (q.Default is { } given && (unit is not { } u2 || !QuantityParser.TryParse(given, u2, out _, out _)))
            Fail<object>(q.Line, $"{qWhere} has default '{given}', which is not a value of its unit.");
        return new QuestionTemplate(qId, prompt, kind, q.Hint?.Trim(), choices, unit)
        {
            Default = string.IsNullOrWhiteSpace(q.Default) ? null : q.Default.Trim(),
            Section = SectionOf(q.Section, sections, q.Line, qWhere) ?? stepSection,
            Feeds = Feeds(q, qWhere, kind, unit, before, computes),
        };
    }

    /// <summary>`feeds:` names an input of the estimator, in a step that computes, read as that input's quantity, once.</summary>
    private string? Feeds(QuestionFile q, string qWhere, QuestionKind kind, QuantityKind? unit, List<QuestionTemplate> before, List<string> computes)
    {
        if (string.IsNullOrWhiteSpace(q.Feeds))
            return null;
        var name = q.Feeds.Trim();
        if (EstimatorInput.Named(name) is not { } input)
            return Fail<string>(q.Line, $"{qWhere} feeds '{name}', which is no input of the estimator; it reads {string.Join(", ", EstimatorInput.All.Select(i => i.Name))}.");
        if (computes.Count == 0)
            Fail<object>(q.Line, $"{qWhere} feeds '{name}', but its step computes nothing; the step that asks for the estimator's inputs says what it computes (`computes: [traffic, storage, bandwidth]`).");
        if (input.Unit is { } wanted && (kind != QuestionKind.Number || unit != wanted))
            Fail<object>(q.Line, $"{qWhere} feeds '{name}', a {wanted.ToString().ToLowerInvariant()}: make it `kind: number` with `unit: {wanted.ToString().ToLowerInvariant()}`.");
        if (input.Unit is null && kind != QuestionKind.Text)
            Fail<object>(q.Line, $"{qWhere} feeds '{name}', which is read from text: make it `kind: text`.");
        if (before.FirstOrDefault(x => x.Feeds == name) is { } other)
            Fail<object>(q.Line, $"{qWhere} feeds '{name}', which question '{other.Id}' already feeds.");
        return name;
    }
}
