using System.Globalization;
using System.Text.RegularExpressions;

namespace DesignBot.Core.Dialogs;

/// <summary>
/// Reads a choice from its number alone (`2`) or from its word anywhere in the reply at a word boundary
/// (`Mostly structured (…)` → structured; `semi structured` is semi-structured, and the `structured` inside it is not
/// counted again). A choice word right after a negation (`not fixed`) is not a pick. Two different choices named where
/// a combined option exists (`mixed`, `both`) read as that option (`Fixed for the core tables; EXIF in a flexible
/// JSONB column` → mixed); without one, the reply is ambiguous and not read.
/// </summary>
public sealed partial class ChoicePrompt(string id, string text, string? hint, IReadOnlyList<string> choices) : Prompt(id, text, hint)
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public IReadOnlyList<string> Choices { get; } = choices;

    public override string Example => Choices.Count > 0 ? Choices[0] : base.Example;

    // The option that stands for several of the others, when the question has one.
    private string? Combined => Choices.FirstOrDefault(c => c.Trim().ToLowerInvariant() is "mixed" or "both" or "hybrid" or "mix");

    public override PromptResult Recognize(string reply)
    {
        var trimmed = reply.Trim();
        var number = NumberAlonePattern().Match(trimmed);
        if (number.Success && int.TryParse(number.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Choices.Count)
            return PromptResult.Ok(Choices[n - 1]) with { Choice = Choices[n - 1] };

        var named = Named(trimmed);
        var choice = named.Count switch
        {
            0 => null,
            1 => named[0],
            _ => Combined,
        };
        if (choice is not null)
            return PromptResult.Ok(trimmed) with { Choice = choice };
        return PromptResult.Invalid(trimmed, named.Count == 0
            ? $"I couldn't read a choice ({Listed(Choices, "or")}) from \"{Quote(trimmed)}\""
            : $"I couldn't tell which choice \"{Quote(trimmed)}\" means: it names {Listed(named, "and")}");
    }

    /// <summary>The distinct choices the reply names, in the order they first appear.</summary>
    private List<string> Named(string reply)
    {
        var found = new List<(int Start, int Length, string Choice)>();
        foreach (var choice in Choices)
            AddMatches(found, reply, WordPattern(choice), choice);
        if (Combined is { } combined)
            AddMatches(found, reply, CombinedWordPattern(combined), combined);

        // Where matches overlap ("semi structured" and "structured"), the longer one is what was meant.
        var kept = new List<(int Start, int Length, string Choice)>();
        foreach (var match in found.OrderBy(m => m.Start).ThenByDescending(m => m.Length))
        {
            if (kept.Count == 0 || match.Start >= kept[^1].Start + kept[^1].Length)
                kept.Add(match);
        }
        var distinct = kept.Select(m => m.Choice).Distinct().ToList();
        return Combined is { } both && distinct.Contains(both) ? [both] : distinct;
    }

    private static void AddMatches(List<(int, int, string)> found, string reply, string pattern, string choice)
    {
        foreach (Match m in Regex.Matches(reply, pattern, Options))
        {
            if (!NegationBeforePattern().IsMatch(reply.AsSpan(0, m.Index)))
                found.Add((m.Index, m.Length, choice));
        }
    }

    // A hyphen or a space inside a choice may be typed either way or left out ("semi-structured", "semi structured").
    // Hyphens count as part of a word at the edges, so "structured" is not found inside "semi-structured".
    private static string WordPattern(string choice)
    {
        var parts = choice.Trim().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
        return @"(?<![\p{L}\p{N}_-])" + string.Join(@"[-\s]?", parts) + @"(?![\p{L}\p{N}_-])";
    }

    private static string Listed(IReadOnlyList<string> items, string conjunction) =>
        items.Count <= 1 ? string.Join("", items) : $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[^1]}";

    // "2", "2.", "(2)", "#2"
    [GeneratedRegex(@"^[#(]?\s*(?<n>[0-9]{1,2})\s*[).!]?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NumberAlonePattern();

    // Words that stand for the combined option ("a mix of both", "hybrid"). "both" only where the option is called
    // that: in "both tables are fixed" it does not mean mixed.
    private static string CombinedWordPattern(string combined) =>
        @"(?<![\p{L}\p{N}_-])(?:mix|mixed|mixture|hybrid|combination" + (combined.Trim().Equals("both", StringComparison.OrdinalIgnoreCase) ? "|both" : "") + @")(?![\p{L}\p{N}_-])";

    // The text before a choice word ends in a negation: "not fixed", "no fixed schema", "isn't flexible", "non-structured".
    [GeneratedRegex(@"(?:(?<![\p{L}])(?:not|no|never|non)|n['’]t)[\s-]*$", Options)]
    private static partial Regex NegationBeforePattern();
}
