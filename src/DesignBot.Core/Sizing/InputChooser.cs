using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Sizing;

/// <summary>
/// Chooses, for each input of the sizing step, the value the estimate uses when members gave several: a member's later
/// answer replaces their own earlier one; of different members' values the owner's pin wins, else the latest. The
/// others are kept beside it with their authors, so a disagreement is shown, never hidden.
/// </summary>
internal sealed class InputChooser(StepTemplate step, IReadOnlyList<Answer> answers, IReadOnlyList<SizingPin> pins)
{
    public List<SizingInputLine> Lines { get; } = [];

    /// <summary>The step's question that feeds the input (`feeds:` in the template); null when the template asks for none.</summary>
    public QuestionTemplate? QuestionFeeding(EstimatorInput input) => step.Questions.FirstOrDefault(q => q.Feeds == input.Name);

    /// <summary>Each member's latest readable answer to the question, plus a pinned one, oldest first.</summary>
    public List<Answer> Candidates(string questionId)
    {
        var kept = answers.Where(a => a.StepId == step.Id && a.QuestionId == questionId && a.Kind == AnswerKind.Answer)
            .OrderBy(a => a.SentAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var latestPerMember = kept.GroupBy(a => a.Author.Id).Select(g => g.Last());
        var pinned = Pin(questionId) is { } pin ? kept.Where(a => a.Id == pin.AnswerId) : [];
        return [.. latestPerMember.Concat(pinned).Distinct().OrderBy(a => a.SentAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public SizingPin? Pin(string questionId) => pins.LastOrDefault(p => p.QuestionId == questionId);

    /// <summary>A single figure: the chosen answer's number, or the question's default, or null (missing).</summary>
    public Quantity? Scalar(EstimatorInput input)
    {
        if (QuestionFeeding(input) is not { Unit: { } unit } question)
            return null;
        var (questionId, label) = (question.Id, input.Label);
        var candidates = Candidates(questionId).Where(a => a.Number is not null).ToList();
        if (candidates.Count == 0)
            return Default(question, label);
        var chosen = Chosen(questionId, candidates);
        var value = new Quantity(chosen.Number!.Value, unit, chosen.Text) { Low = chosen.Low };
        var others = candidates.Where(a => a != chosen && (a.Number != chosen.Number || a.Low != chosen.Low))
            .Select(a => new OtherValue(a.Author.Display, QuantityText.Of(new Quantity(a.Number!.Value, unit, a.Text) { Low = a.Low })));
        Lines.Add(new SizingInputLine(label, QuantityText.Of(value), chosen.Author.Display, Why(questionId, chosen, candidates.Count), [.. others]));
        return value;
    }

    /// <summary>
    /// Figures that name what they are about (`images ~2 MB, thumbnails 50 KB`): one value per name, chosen among the
    /// members who gave that name as <see cref="Scalar"/> chooses; an unnamed figure has the empty key.
    /// </summary>
    public List<(string Key, string? Name, Quantity Value)> Named(EstimatorInput input)
    {
        var chosenValues = new List<(string Key, string? Name, Quantity Value)>();
        if (QuestionFeeding(input) is not { Unit: { } unit } question)
            return chosenValues;
        var (questionId, label) = (question.Id, input.Label);
        var groups = new List<(string Key, string? Name, List<(Answer Answer, Quantity Value)> Given)>();
        foreach (var answer in Candidates(questionId))
        {
            foreach (var (key, name, value) in FiguresOf(answer, unit))
            {
                var index = groups.FindIndex(g => NamedFigure.SameThing(g.Key, key));
                if (index < 0)
                    groups.Add((key, name, [(answer, value)]));
                else
                    groups[index].Given.Add((answer, value));
            }
        }
        foreach (var (key, name, given) in groups)
        {
            var chosen = Chosen(questionId, [.. given.Select(g => g.Answer)]);
            var value = given.Last(g => g.Answer == chosen).Value;
            var others = given.Where(g => g.Answer != chosen && (g.Value.Value != value.Value || g.Value.Low != value.Low))
                .Select(g => new OtherValue(g.Answer.Author.Display, QuantityText.Of(g.Value)));
            var lineName = name is null ? label : $"{label} ({name})";
            Lines.Add(new SizingInputLine(lineName, QuantityText.Of(value), chosen.Author.Display, Why(questionId, chosen, given.Count), [.. others]));
            chosenValues.Add((key, name, value));
        }
        return chosenValues;
    }

    /// <summary>A text answer taken whole (the regions): the chosen one, and the others as members typed them.</summary>
    public (Answer Chosen, List<Answer> Others, string Why)? Whole(EstimatorInput input)
    {
        if (QuestionFeeding(input) is not { } question)
            return null;
        var candidates = Candidates(question.Id);
        if (candidates.Count == 0)
            return null;
        var chosen = Chosen(question.Id, candidates);
        List<Answer> others = [.. candidates.Where(a => a != chosen && a.Text.Trim() != chosen.Text.Trim())];
        return (chosen, others, Why(question.Id, chosen, others.Count + 1));
    }

    private string Why(string questionId, Answer chosen, int count) =>
        Pin(questionId) is { } pin && pin.AnswerId == chosen.Id ? $"pinned by {pin.PinnedBy}" : count == 1 ? SizingInputs.OnlyAnswer : SizingInputs.Latest;

    private Answer Chosen(string questionId, List<Answer> candidates) =>
        Pin(questionId) is { } pin && candidates.FirstOrDefault(a => a.Id == pin.AnswerId) is { } pinned ? pinned : candidates[^1];

    private Quantity? Default(QuestionTemplate question, string label)
    {
        if (question.Default is not { } text || question.Unit is not { } unit || !QuantityParser.TryParse(text, unit, out var value, out _))
            return null;
        Lines.Add(new SizingInputLine(label, QuantityText.Of(value), null, SizingInputs.DefaultValue, []));
        return value with { Text = "" };
    }

    /// <summary>The figures of one answer by name; a second unnamed figure in one answer is a thing of its own ("#2").</summary>
    private static IEnumerable<(string Key, string? Name, Quantity Value)> FiguresOf(Answer answer, QuantityKind unit)
    {
        var named = NamedFigures.Read(answer.Text, unit);
        if (named.Count == 0 && answer.Number is { } number)
        {
            yield return ("", null, new Quantity(number, unit, answer.Text) { Low = answer.Low });
            yield break;
        }
        var unnamed = 0;
        var seen = new List<string>();
        foreach (var figure in named)
        {
            var key = figure.Name is null ? (unnamed++ == 0 ? "" : $"#{unnamed}") : figure.Key;
            if (seen.Any(k => NamedFigure.SameThing(k, key)))
                continue; // "images 2 MB, images up to 5 MB": the first is the size, the rest is commentary
            seen.Add(key);
            yield return (key, figure.Name ?? (key.Length == 0 ? null : $"media {unnamed}"), figure.Quantity);
        }
    }
}
