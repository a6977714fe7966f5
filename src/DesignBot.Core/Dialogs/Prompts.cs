using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;
using DesignBot.Core.Text;

namespace DesignBot.Core.Dialogs;

/// <summary>
/// What a prompt read from a reply. <see cref="Text"/> is what to store: the member's reply as typed (trimmed, case and
/// words kept), except a choice given by its number alone (`2`), which stores the choice's text. <see cref="Number"/> is
/// the figure used (for a range, the high end; <see cref="Low"/> the low end). <see cref="Choice"/> is the option read.
/// When nothing could be read, Succeeded is false, Text is still the reply, and Error is one short line saying what could
/// not be read (`I couldn't read a number from "lots"`); how to give it again is the caller's to add.
/// </summary>
public sealed record PromptResult(bool Succeeded, string Text, double? Number, string? Error)
{
    /// <summary>The low end when the reply gave a range (`2-3`: Low 2, Number 3).</summary>
    public double? Low { get; init; }

    /// <summary>
    /// The option read: for a choice question the choice as the template spells it (`Mostly structured (…)` → "structured"),
    /// for a yes/no question "yes" or "no"; null for text and number questions and when nothing was read.
    /// </summary>
    public string? Choice { get; init; }

    public static PromptResult Ok(string text, double? number = null) => new(true, text, number, null);
    public static PromptResult Invalid(string text, string error) => new(false, text, null, error);
}

/// <summary>One question of a waterfall: its text and how a reply is recognized.</summary>
public abstract class Prompt(string id, string text, string? hint)
{
    public string Id { get; } = id;
    public string Text { get; } = text;
    public string? Hint { get; } = hint;

    public abstract PromptResult Recognize(string reply);

    /// <summary>A reply this prompt reads, for the one-line hint when a value could not be read (`q4: 10M`).</summary>
    public virtual string Example => "your answer";

    public static Prompt For(QuestionTemplate q) => q.Kind switch
    {
        QuestionKind.Text => new TextPrompt(q.Id, q.Prompt, q.Hint),
        QuestionKind.Number => new NumberPrompt(q.Id, q.Prompt, q.Hint, q.Unit ?? QuantityKind.Count),
        QuestionKind.Choice => new ChoicePrompt(q.Id, q.Prompt, q.Hint, q.Choices),
        QuestionKind.Confirm => new ConfirmPrompt(q.Id, q.Prompt, q.Hint),
        _ => throw new ArgumentOutOfRangeException(nameof(q), q.Kind, "Unknown question kind."),
    };

    /// <summary>A reply as quoted in an error line: short enough to stay one line.</summary>
    internal static string Quote(string reply) => TextLimit.Shorten(reply.Trim(), 60);
}

public sealed class TextPrompt(string id, string text, string? hint) : Prompt(id, text, hint)
{
    public override PromptResult Recognize(string reply) =>
        string.IsNullOrWhiteSpace(reply)
            ? PromptResult.Invalid(reply.Trim(), "That reply was empty")
            : PromptResult.Ok(reply.Trim());
}

/// <summary>
/// Reads the figure a reply means, anywhere in it, the way engineers write it (10M, 200 KB, 100:1, 3 years, peak is 3x
/// average, 2-3) via the quantity parser; the text kept is the whole reply.
/// </summary>
public sealed class NumberPrompt(string id, string text, string? hint, QuantityKind unit) : Prompt(id, text, hint)
{
    public QuantityKind Unit { get; } = unit;

    public override string Example => Unit switch
    {
        QuantityKind.Bytes => "2 MB",
        QuantityKind.Ratio => "100:1",
        QuantityKind.Duration => "5 years",
        QuantityKind.Multiplier => "3x",
        QuantityKind.Percent => "10%",
        _ => "10M",
    };

    public override PromptResult Recognize(string reply) =>
        QuantityParser.TryParse(reply, Unit, out var quantity, out var error)
            ? PromptResult.Ok(reply.Trim(), quantity.Value) with { Low = quantity.Low }
            : PromptResult.Invalid(reply.Trim(), error);
}
