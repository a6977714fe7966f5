using DesignBot.Core.Dialogs;
using DesignBot.Core.Reviews;
using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;
using DesignBot.Core.Text;

namespace DesignBot.Core.Messages;

/// <summary>Builders for every message a review shows. Pure: state in, neutral message out.</summary>
public static class ReviewMessages
{
    public static NeutralMessage ReviewCard(ReviewView review)
    {
        var s = review.State;
        var progress = review.Progress();
        var status = s.Status switch
        {
            ReviewStatus.Completed => "Completed — the summary is in the channel.",
            ReviewStatus.Cancelled => "Cancelled.",
            _ => s.Parallel ? "All steps are open: answer in any step's thread." : "Answer in the open step's thread; the next step opens when it is done.",
        };
        return new NeutralMessage(
            $"Design review: {s.Title} — {ProgressLine(progress)}",
            [
                new HeaderBlock($"Design review: {s.Title}"),
                new FieldsBlock([new Field("Owner", s.Owner.Display), new Field("Mode", s.Parallel ? "all steps at once" : "one step after another"), new Field("Started", Date(s.CreatedAt))]),
                new ProgressBlock(progress),
                new ContextBlock(status),
            ]);
    }

    public static string ProgressLine(IReadOnlyList<ProgressItem> items) =>
        string.Join(" · ", items.Select(i => $"{Symbol(i.State)} {i.Label} {i.Done}/{i.Total}"));

    private static string Symbol(ProgressState state) => state switch
    {
        ProgressState.Done => "✓",
        ProgressState.Active => "▶",
        _ => "○",
    };

    public static NeutralMessage StepRoot(ReviewTemplate template, StepTemplate step)
    {
        var number = template.StepNumber(step.Id);
        var text = $"**Step {number}/{template.Steps.Count} · {step.Title}**\n_{step.Purpose}_\n\nReply in this thread — I'll ask {step.Questions.Count} question{Plural(step.Questions.Count)}, one at a time. Any member can answer; `q3: …` answers question 3, `a: …` counts a message as the answer, `move q3` and `undo` fix where yours landed; `skip`, `back`, `done` and `help` steer.";
        return new NeutralMessage($"Step {number}/{template.Steps.Count}: {step.Title}", [new TextBlock(text)]);
    }

    /// <summary>
    /// A question of a step thread: its text, how to answer, where replies landed (<paramref name="marks"/>, updated in
    /// place as answers come), and buttons — its options for a choice or yes/no question, then skip and finish.
    /// </summary>
    public static NeutralMessage Question(string reviewId, StepTemplate step, int index, string? error, QuestionMarks? marks = null)
    {
        var q = step.Questions[index];
        var blocks = new List<Block>();
        if (error is not null)
            blocks.Add(new TextBlock($"⚠️ {error}"));
        blocks.Add(new TextBlock($"**Q{index + 1}/{step.Questions.Count}** {q.Prompt}"));
        var hint = QuestionHint(q);
        if (hint is not null)
            blocks.Add(new ContextBlock(hint));
        var value = ButtonValues.For(reviewId, step.Id, index);
        var options = OptionsOf(q).Select((option, i) => new Button(Limit(option, 75), ButtonValues.Option(i), value));
        blocks.Add(new ButtonsBlock([.. options, new Button("Skip", ButtonValues.SkipQuestion, value), new Button("Finish step", ButtonValues.FinishStep, value, ButtonStyle.Primary)]));
        if (marks?.Line() is { } landed)
            blocks.Add(new ContextBlock(landed));
        var fallback = (error is null ? "" : error + " ") + $"Q{index + 1}/{step.Questions.Count}: {q.Prompt}";
        return new NeutralMessage(fallback, blocks);
    }

    /// <summary>The options a choice or yes/no question offers as buttons; none for text and numbers.</summary>
    public static IReadOnlyList<string> OptionsOf(QuestionTemplate q) => q.Kind switch
    {
        QuestionKind.Choice => q.Choices,
        QuestionKind.Confirm => ["Yes", "No"],
        _ => [],
    };

    private static string? QuestionHint(QuestionTemplate q) => q.Kind switch
    {
        QuestionKind.Choice => $"Choose: {string.Join(" · ", q.Choices.Select((c, i) => $"{i + 1}. {c}"))}" + (q.Hint is null ? "" : $" — {q.Hint}"),
        QuestionKind.Confirm => "Reply yes or no, and why if you like." + (q.Hint is null ? "" : $" {q.Hint}"),
        QuestionKind.Number => q.Hint ?? QuantityParser.Example(q.Unit ?? QuantityKind.Count),
        _ => q.Hint,
    };

    public static NeutralMessage StepComplete(ReviewView review, StepTemplate step)
    {
        var answered = review.AnsweredQuestions(step.Id);
        var open = step.Questions.Count - answered;
        var text = $"✓ **{step.Title}** is done: {answered}/{step.Questions.Count} question{Plural(step.Questions.Count)} answered"
            + (open > 0 ? $", {open} open (listed in the summary). `q{FirstOpen(review, step) + 1}: …` still adds an answer." : ".");
        return new NeutralMessage($"Step done: {step.Title}", [new TextBlock(text)]);
    }

    private static int FirstOpen(ReviewView review, StepTemplate step) =>
        Enumerable.Range(0, step.Questions.Count).First(i => !review.IsAnswered(step.Id, i));

    /// <summary>
    /// The sizing thread's estimate: which value each input uses and why (the others with their authors), every figure
    /// with its arithmetic, what is missing or kept as text, the questions the figures raise, and the unit rules.
    /// </summary>
    public static NeutralMessage SizingEstimate(SizingEstimate estimate)
    {
        var blocks = new List<Block> { new HeaderBlock("Sizing estimate") };
        if (estimate.Inputs.Count > 0)
            blocks.Add(new ListBlock("Inputs (the latest value unless the owner pins one with `use bob's` or `pin q5`):", [.. estimate.Inputs.Select(i => i.Text())], "input"));
        if (estimate.Figures.Count > 0)
            blocks.Add(SizingTable(estimate));
        if (estimate.Missing.Count > 0)
            blocks.Add(new TextBlock($"Missing, so not estimated: {string.Join(", ", estimate.Missing)}. Add them with `qN: …` in this thread."));
        if (estimate.Unread.Count > 0)
            blocks.Add(new ListBlock("Kept as text, not used:", estimate.Unread, "reply"));
        if (estimate.Notes.Count > 0)
            blocks.Add(new ListBlock("Questions for the detailed design:", estimate.Notes, "question"));
        if (estimate.Regions is { Length: > 0 } regions && !estimate.Figures.Any(f => f.Group == "Regions"))
            blocks.Add(new ContextBlock($"Users: {regions} — give shares (60% EU, 40% US) to split traffic per region."));
        blocks.Add(new ContextBlock(Sizing.SizingEstimate.Rules));
        return new NeutralMessage("Sizing estimate", blocks);
    }

    public static TableBlock SizingTable(SizingEstimate estimate) =>
        new(["Figure", "Value", "Arithmetic"], [.. estimate.Figures.Select(f => (IReadOnlyList<string>)[f.Name, f.Display, f.Arithmetic])]);

    public static NeutralMessage Summary(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var blocks = new List<Block>
        {
            new HeaderBlock($"Design summary: {s.Title}"),
            new FieldsBlock([
                new Field("Owner", s.Owner.Display),
                new Field("Participants", string.Join(", ", review.Participants())),
                new Field("Status", s.Status.ToString()),
                new Field("Progress", ProgressLine(review.Progress())),
            ]),
        };
        foreach (var step in review.Template.Steps)
            blocks.Add(StepKeyAnswers(review, step));
        var estimate = review.Sizing();
        if (estimate.Figures.Count > 0)
            blocks.Add(SizingTable(estimate));
        var open = review.OpenItems();
        blocks.Add(open.Count == 0
            ? new TextBlock("**Open items:** none — every question has an answer.")
            : new ListBlock($"Open items ({open.Count}):", open, "open item"));
        blocks.Add(new LinksBlock([new Link("Design document", links.Page), new Link("Markdown", links.Markdown)]));
        return new NeutralMessage($"Design summary: {s.Title} — {review.AnswerCount} answers, {open.Count} open items", blocks);
    }

    /// <summary>Every answer of the step with its author; the renderer shortens what its platform cannot hold.</summary>
    private static Block StepKeyAnswers(ReviewView review, StepTemplate step)
    {
        var heading = $"{review.Template.StepNumber(step.Id)}. {step.Title}";
        var lines = new List<string>();
        for (var i = 0; i < step.Questions.Count; i++)
        {
            var answers = review.AnswersTo(step.Id, i);
            if (answers.Count == 0)
                continue;
            var joined = string.Join(" / ", answers.Select(a => $"{OneLine(a.Text)} — {a.Author.Display}"));
            lines.Add($"_{step.Questions[i].Prompt}_ {joined}");
        }
        return lines.Count == 0 ? new TextBlock($"**{heading}**\n_No answers._") : new ListBlock(heading, lines, "answer");
    }

    public static NeutralMessage Export(ReviewView review, ReviewLinks links) =>
        new($"Design document: {review.State.Title}",
            [
                new TextBlock($"Here is the design document of **{review.State.Title}** in Markdown."),
                new DocumentBlock($"{FileName(review.State.Title)}.md", "text/markdown", DesignDocument.Markdown(review, links)),
                new LinksBlock([new Link("Design document", links.Page), new Link("Markdown", links.Markdown)]),
            ]);

    public static NeutralMessage ReviewList(IReadOnlyList<ReviewListing> reviews)
    {
        if (reviews.Count == 0)
            return Text("No design reviews in this channel yet. Start one with `/design start <title>`.");
        var rows = reviews.OrderByDescending(r => r.CreatedAt)
            .Select(r => (IReadOnlyList<string>)[r.Title, r.Status.ToString(), r.Owner.Name, Date(r.CreatedAt)])
            .ToList();
        return new NeutralMessage($"{reviews.Count} design review{Plural(reviews.Count)} in this channel",
            [new HeaderBlock("Design reviews in this channel"), new TableBlock(["Title", "Status", "Owner", "Started"], rows)]);
    }

    public const string CommandHelp =
        "**DesignBot** runs a system design review in six steps, each in its own thread.\n" +
        "• `/design start <title>` — start a review (add `--parallel` to open all six step threads at once)\n" +
        "• `/design status` — show the review card again\n" +
        "• `/design list` — reviews in this channel\n" +
        "• `/design summary` — post the summary design card now\n" +
        "• `/design export` — the full design document in Markdown\n" +
        "• `/design cancel` — cancel the review (owner only)\n" +
        "In a step thread just reply to answer; `q3: …` adds to question 3; `skip`, `back`, `done`, `help`.";

    public const string ThreadHelp =
        "Reply to answer the question above — any member can, several answers are kept, and each question shows who answered it.\n" +
        "• Questions to the team (ending in `?`, or to an @member) and chatter (`let me check`) are kept as discussion and don't answer\n" +
        "• `a: …` counts a message as the answer · `q3: …` or `#3 …` answers question 3\n" +
        "• `move q3` moves your latest answer to question 3 · `undo` removes it\n" +
        "• `use bob's` or `pin q5` (the owner) picks the value the sizing estimate uses · `unpin q5`\n" +
        "• `skip` (or `next`) skips this question · `back` re-asks the previous one · `done` finishes the step\n" +
        "Editing or deleting your reply updates the stored answer.";

    public static NeutralMessage Text(string markdown) => new(StripMarkdown(markdown), [new TextBlock(markdown)]);

    /// <summary>At most <paramref name="max"/> characters, cut between whole characters (see <see cref="TextLimit.Shorten"/>).</summary>
    public static string Limit(string text, int max) => TextLimit.Shorten(text, max);

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string StripMarkdown(string markdown) => markdown.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);

    internal static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Plural(int n) => n == 1 ? "" : "s";

    private static string FileName(string title)
    {
        var chars = title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray();
        var name = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return name.Length == 0 ? "design" : Limit(name, 60).TrimEnd('…');
    }
}

/// <summary>Button action ids and the value they carry: which review, step and question the button was shown with.</summary>
public static class ButtonValues
{
    public const string SkipQuestion = "designbot.skip";
    public const string FinishStep = "designbot.finish";
    private const string OptionPrefix = "designbot.option.";

    /// <summary>The action id of a question's option button: the option's index among <see cref="ReviewMessages.OptionsOf"/>.</summary>
    public static string Option(int index) => $"{OptionPrefix}{index}";

    public static bool TryParseOption(string actionId, out int index)
    {
        index = -1;
        return actionId.StartsWith(OptionPrefix, StringComparison.Ordinal)
            && int.TryParse(actionId.AsSpan(OptionPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }

    public static string For(string reviewId, string stepId, int question) => $"{reviewId}|{stepId}|{question}";

    public static bool TryParse(string value, out string reviewId, out string stepId, out int question)
    {
        var parts = value.Split('|');
        reviewId = parts.Length == 3 ? parts[0] : "";
        stepId = parts.Length == 3 ? parts[1] : "";
        question = -1;
        return parts.Length == 3 && int.TryParse(parts[2], out question);
    }
}

/// <summary>Where a review's full design document lives (signed links, made by the host).</summary>
public sealed record ReviewLinks(string Page, string Markdown);

public interface IReviewLinks
{
    ReviewLinks For(string reviewId);
}

/// <summary>
/// Where replies to one question landed, shown under it: who answered (in order), whose value could not be read, and
/// how many discussion messages sit under it.
/// </summary>
public sealed record QuestionMarks(IReadOnlyList<string> AnsweredBy, IReadOnlyList<string> Unread, int Discussion)
{
    public static QuestionMarks Of(IEnumerable<Answer> replies)
    {
        var ordered = replies.OrderBy(a => a.SentAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        return new QuestionMarks(
            [.. ordered.Where(a => a.Kind == AnswerKind.Answer).Select(a => a.Author.Display).Distinct()],
            [.. ordered.Where(a => a.Kind == AnswerKind.Unread).Select(a => a.Author.Display).Distinct()],
            ordered.Count(a => a.Kind == AnswerKind.Discussion));
    }

    /// <summary>"✓ alice, carol · value not read: bob · 💬 2", or null when nothing landed here.</summary>
    public string? Line()
    {
        var parts = new List<string>();
        if (AnsweredBy.Count > 0)
            parts.Add($"✓ {string.Join(", ", AnsweredBy)}");
        if (Unread.Count > 0)
            parts.Add($"value not read: {string.Join(", ", Unread)}");
        if (Discussion > 0)
            parts.Add($"💬 {Discussion}");
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }
}
