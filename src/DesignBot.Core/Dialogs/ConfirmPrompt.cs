using System.Text.RegularExpressions;

namespace DesignBot.Core.Dialogs;

/// <summary>
/// Yes/no from the usual forms (`yes`, `yep`, `no`, `nope`, `not really`, 👍) at the start of the reply, after a
/// qualifier (`Mostly yes — but notifications are not modelled`, `probably not`), or a plain yes/no word later in a
/// sentence (`covered everything, yes`); the first one said is the answer. The text kept is the whole reply, as typed.
/// </summary>
public sealed partial class ConfirmPrompt(string id, string text, string? hint) : Prompt(id, text, hint)
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    public override string Example => "yes";

    public override PromptResult Recognize(string reply)
    {
        var trimmed = reply.Trim();
        var normalized = trimmed.Replace('’', '\'');
        var match = LeadingPattern().Match(normalized);
        if (!match.Success)
            match = AnywherePattern().Match(normalized);
        if (!match.Success)
            return PromptResult.Invalid(trimmed, $"I couldn't read yes or no from \"{Quote(trimmed)}\"");
        return PromptResult.Ok(trimmed) with { Choice = match.Groups["yes"].Success ? "yes" : "no" };
    }

    private const string Qualifiers =
        @"(?:(?:mostly|largely|mainly|basically|generally|probably|partly|partially|pretty\s+much|for\s+the\s+most\s+part|so\s+far|for\s+now|i\s+think|i'd\s+say|i\s+guess|well|hmm+)[\s,]+)*";

    // A word or emoji that is the whole of a yes or no; the start of the reply may also say it with a bare `y`, `ok` or
    // `not` (but "no idea" and "not sure" say neither).
    private const string StrongYes = @"yes|yep|yeah|yup|yea|👍|✅|✔️?";
    private const string StrongNo = @"nope|nah|not\s+really|not\s+yet|not\s+quite|not\s+at\s+all|not\s+entirely|not\s+fully|not\s+completely|👎|❌";

    [GeneratedRegex(@"^" + Qualifiers + @"(?:(?<yes>" + StrongYes + @"|y|true|sure|ok|okay|correct|definitely|absolutely|of\s+course|indeed|affirmative)"
        + @"|(?<no>" + StrongNo + @"|no(?!\s+(?:idea|clue))|n(?!/a)|false|not(?!\s+sure)|negative|never))(?![\p{L}\p{N}_'])", Options)]
    private static partial Regex LeadingPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_'])(?:(?<yes>" + StrongYes + @")|(?<no>" + StrongNo + @"))(?![\p{L}\p{N}_'])", Options)]
    private static partial Regex AnywherePattern();
}
