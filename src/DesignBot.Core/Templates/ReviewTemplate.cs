using DesignBot.Core.Sizing;

namespace DesignBot.Core.Templates;

public enum QuestionKind { Text, Number, Choice, Confirm }

/// <summary>A review template: the steps a review walks through, each a waterfall of questions.</summary>
public sealed record ReviewTemplate(string Id, string Title, IReadOnlyList<StepTemplate> Steps)
{
    public StepTemplate Step(string stepId) =>
        Steps.FirstOrDefault(s => s.Id == stepId) ?? throw new KeyNotFoundException($"Template '{Id}' has no step '{stepId}'.");

    public int StepNumber(string stepId) => Steps.ToList().FindIndex(s => s.Id == stepId) + 1;
}

public sealed record StepTemplate(
    string Id,
    string Title,
    string Purpose,
    IReadOnlyList<QuestionTemplate> Questions,
    IReadOnlyList<string> Computes)
{
    /// <summary>The step whose answers must show a read path when reads dominate (the sizing step names the API step).</summary>
    public string? ReadPathFrom { get; init; }

    /// <summary>Short title for progress lines, e.g. "Scope" for "Scope the problem".</summary>
    public string ShortTitle => Id switch
    {
        "scope" => "Scope",
        "api" => "API",
        "data-model" => "Data model",
        "sizing" => "Sizing",
        "high-level" => "High-level",
        "detailed" => "Detailed",
        _ => Title,
    };
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
}
