using System.Globalization;
using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;
using DesignBot.Core.Text;

namespace DesignBot.Core.Dialogs;

/// <summary>What a prompt made of a reply: a value to store, or a helpful error to re-prompt with.</summary>
public sealed record PromptResult(bool Succeeded, string Text, double? Number, string? Error)
{
    /// <summary>The low end when the reply gave a range (`2-3`: Low 2, Number 3).</summary>
    public double? Low { get; init; }

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
}

public sealed class TextPrompt(string id, string text, string? hint) : Prompt(id, text, hint)
{
    public override PromptResult Recognize(string reply) =>
        string.IsNullOrWhiteSpace(reply)
            ? PromptResult.Invalid(reply, "That reply was empty — type your answer, or `skip`.")
            : PromptResult.Ok(reply.Trim());
}

/// <summary>Reads numbers the way engineers write them (10M, 200 KB, 100:1, 3 years) via the quantity parser.</summary>
public sealed class NumberPrompt(string id, string text, string? hint, QuantityKind unit) : Prompt(id, text, hint)
{
    public QuantityKind Unit { get; } = unit;

    public override PromptResult Recognize(string reply) =>
        QuantityParser.TryParse(reply, Unit, out var quantity, out var error)
            ? PromptResult.Ok(reply.Trim(), quantity.Value)
            : PromptResult.Invalid(reply, error);
}

/// <summary>Accepts a choice by its number (1, 2, …) or by its text, case-insensitively.</summary>
public sealed class ChoicePrompt(string id, string text, string? hint, IReadOnlyList<string> choices) : Prompt(id, text, hint)
{
    public IReadOnlyList<string> Choices { get; } = choices;

    public override PromptResult Recognize(string reply)
    {
        var trimmed = reply.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Choices.Count)
            return PromptResult.Ok(Choices[n - 1]);
        var match = Choices.FirstOrDefault(c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? Choices.FirstOrDefault(c => trimmed.StartsWith(c + " ", StringComparison.OrdinalIgnoreCase));
        if (match is not null)
            return PromptResult.Ok(trimmed.Length > match.Length ? match + trimmed[match.Length..] : match);
        return PromptResult.Invalid(reply, $"\"{Shorten(trimmed)}\" isn't one of the choices — reply with one of: {string.Join(", ", Choices)} (or its number).");
    }

    internal static string Shorten(string s) => TextLimit.Shorten(s, 60);
}

/// <summary>Yes/no, with the usual spellings; anything after the yes/no is kept as the explanation.</summary>
public sealed class ConfirmPrompt(string id, string text, string? hint) : Prompt(id, text, hint)
{
    private static readonly string[] s_yes = ["yes", "y", "yep", "yeah", "true", "sure", "ok", "👍"];
    private static readonly string[] s_no = ["no", "n", "nope", "false", "not yet", "👎"];

    public override PromptResult Recognize(string reply)
    {
        var trimmed = reply.Trim();
        var lower = trimmed.ToLowerInvariant();
        if (Leading(lower, s_yes) is { } yes)
            return PromptResult.Ok("yes" + trimmed[yes.Length..]);
        if (Leading(lower, s_no) is { } no)
            return PromptResult.Ok("no" + trimmed[no.Length..]);
        return PromptResult.Invalid(reply, $"I couldn't read yes or no from \"{ChoicePrompt.Shorten(trimmed)}\" — reply `yes` or `no`, and add why if you like (`no, payments are missing`).");
    }

    // The longest word of the list that starts the reply as a whole word.
    private static string? Leading(string lower, string[] words) =>
        words.Where(w => lower == w || (lower.StartsWith(w, StringComparison.Ordinal) && !char.IsLetterOrDigit(lower[w.Length])))
             .OrderByDescending(w => w.Length)
             .FirstOrDefault();
}
