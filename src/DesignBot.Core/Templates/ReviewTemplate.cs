using DesignBot.Core.Sizing;

namespace DesignBot.Core.Templates;

public enum QuestionKind { Text, Number, Choice, Confirm }

/// <summary>A review template: the steps a review walks through, each a waterfall of questions.</summary>
public sealed record ReviewTemplate(string Id, string Title, IReadOnlyList<StepTemplate> Steps)
{
    /// <summary>
    /// The design document's sections fed by answers, in document order (`sections:` in the file). Each question names
    /// the one it feeds (<see cref="QuestionTemplate.Section"/>); the document adds its own Summary, Open questions and
    /// transcript appendix around them.
    /// </summary>
    public IReadOnlyList<TemplateSection> Sections { get; init; } = [];

    public TemplateSection? Section(string sectionId) => Sections.FirstOrDefault(s => s.Id == sectionId);

    /// <summary>Where the template came from: its file name (built-in ones: "system-design.yaml (built in)"). Errors name it.</summary>
    public string Source { get; init; } = "";

    /// <summary>The step that computes the sizing estimate (the one with `computes:`); null when the template sizes nothing.</summary>
    public StepTemplate? SizingStep => Steps.FirstOrDefault(s => s.IsSizing);

    /// <summary>The section whose answers are the review's decision records (`records: adr`), or null when it has none.</summary>
    public TemplateSection? DecisionRecordsSection => Sections.FirstOrDefault(s => s.Records == TemplateSection.DecisionRecords);

    public StepTemplate Step(string stepId) =>
        Steps.FirstOrDefault(s => s.Id == stepId) ?? throw new KeyNotFoundException($"Template '{Id}' has no step '{stepId}'.");

    public int StepNumber(string stepId) => Steps.ToList().FindIndex(s => s.Id == stepId) + 1;
}

/// <param name="Computes">What the step's estimate computes, as the estimator names it (`traffic`, `storage`, `bandwidth`;
/// see <see cref="EstimatorParts"/>); empty for a step that computes nothing.</param>
public sealed record StepTemplate(
    string Id,
    string Title,
    string Purpose,
    IReadOnlyList<QuestionTemplate> Questions,
    IReadOnlyList<string> Computes)
{
    /// <summary>The step whose answers must show a read path when reads dominate (the sizing step names the API step).</summary>
    public string? ReadPathFrom { get; init; }

    /// <summary>Short title for progress lines (`short-title:`, e.g. "Scope" for "Scope the problem"); the title when not given.</summary>
    public string ShortTitle { get; init; } = Title;

    /// <summary>The step computes the sizing estimate from its answers (it has `computes:`).</summary>
    public bool IsSizing => Computes.Count > 0;
}

/// <summary>
/// A section of the design document (`sections:` in the template): its id (what questions name), its heading, and
/// optionally a diagram drawn from its answers (`diagram: flowchart` — lines like `Client -> API -> Store`).
/// </summary>
public sealed record TemplateSection(string Id, string Heading)
{
    public string? Diagram { get; init; }

    /// <summary>
    /// `records: adr`: the answers of this section's questions are the review's decisions, one architecture decision
    /// record each (`/design export adr`); null for other sections.
    /// </summary>
    public string? Records { get; init; }

    /// <summary>The one kind of <see cref="Records"/>: architecture decision records.</summary>
    public const string DecisionRecords = "adr";
}

public sealed record QuestionTemplate(
    string Id,
    string Prompt,
    QuestionKind Kind,
    string? Hint,
    IReadOnlyList<string> Choices,
    QuantityKind? Unit)
{
    /// <summary>
    /// The value taken when the team leaves the question out (`default:` in the template, stated in its prompt; `3`
    /// replicas), said as a default wherever it is used; a question with a default left unanswered in a finished step is
    /// not an open item.
    /// </summary>
    public string? Default { get; init; }

    /// <summary>The id of the document section this question's answers feed (`section:`, or the step's `section:`).</summary>
    public string? Section { get; init; }

    /// <summary>
    /// The sizing estimator input this question feeds (`feeds:`, e.g. `daily-active-users`, one of
    /// <see cref="EstimatorInput.All"/>; checked by the loader); null for other questions.
    /// </summary>
    public string? Feeds { get; init; }
}
