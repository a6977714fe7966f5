using DesignBot.Core.Dialogs;
using DesignBot.Core.Reviews;
using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;
using DesignBot.Core.Text;

namespace DesignBot.Core.Messages;

/// <summary>Builders for every message a review shows. Pure: state in, neutral message out.</summary>
public static class ReviewMessages
{
    /// <summary>The review card: the one live view of a review, posted once at the start and updated in place.</summary>
    public static NeutralMessage ReviewCard(ReviewView review)
    {
        var s = review.State;
        var progress = review.Progress();
        var (suffix, status) = s.Status switch
        {
            ReviewStatus.Completed => (" (done)", $"Done{On(s.FinishedAt)} — the summary is in the channel; `/design export` gives the whole document."),
            ReviewStatus.Cancelled => (" (cancelled)", $"Cancelled{On(s.FinishedAt)} by {s.Owner.Display}: answers are no longer collected; `/design export` still gives them."),
            _ => ("", s.Parallel ? "All steps are open: answer in any step's thread." : "Answer in the open step's thread; the next step opens when it is done."),
        };
        if (s.ClosedEarly && s.Status == ReviewStatus.Completed)
            (suffix, status) = (" (closed)", $"Closed early{On(s.FinishedAt)} by {s.Owner.Display}: the summary lists what is still open; `/design reopen <step>` opens a step again.");
        else if (s.ClosedEarly)
            status = "Closed early, with a step reopened: answer in its thread; the review is done again when it is.";
        var fields = new List<Field> { new("Owner", s.Owner.Display), new("Mode", s.Parallel ? "all steps at once" : "one step after another"), new("Started", Date(s.CreatedAt)) };
        if (Reminders.ReminderMessages.Deadline(s) is { } deadline)
            fields.Add(new Field("Deadline", deadline));
        var blocks = new List<Block> { new HeaderBlock($"Design review: {s.Title}{suffix}"), new FieldsBlock(fields), new ProgressBlock(progress) };
        if (s.Status == ReviewStatus.Active && Reminders.ReminderMessages.StepDues(review) is { } dues)
            blocks.Add(new ContextBlock(dues));
        blocks.Add(new ContextBlock(status));
        return new NeutralMessage($"Design review: {s.Title}{suffix} — {ProgressLine(progress)}", blocks);
    }

    private static string On(DateTimeOffset? at) => at is { } time ? $" {Date(time)}" : "";

    /// <summary>
    /// `/design status`, for the asker only: where the review stands, the question each open step waits on, what comes
    /// next, and where the live view is (the review card, updated in place; the document page).
    /// </summary>
    public static NeutralMessage Status(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var progress = review.Progress();
        var lines = new List<string>();
        switch (s.Status)
        {
            case ReviewStatus.Cancelled:
                lines.Add($"Cancelled{On(s.FinishedAt)}: answers are no longer collected.");
                break;
            case ReviewStatus.Completed:
                lines.Add($"Done{On(s.FinishedAt)}: every step is finished.");
                break;
            default:
                foreach (var step in review.ActiveSteps())
                {
                    var index = s.Session(step.Id).Dialog.Index;
                    lines.Add($"▶ **{step.ShortTitle}** waits on Q{index + 1}/{step.Questions.Count}: {Limit(OneLine(step.Questions[index].Prompt), 120)} — answer in its thread.");
                }
                var waiting = review.Template.Steps.Where(step => s.Session(step.Id).Dialog.Status == DialogStatus.NotStarted).Select(step => step.ShortTitle).ToList();
                if (waiting.Count > 0)
                    lines.Add($"Next: {string.Join(", ", waiting)} — each opens when the step before it is done.");
                if (Reminders.ReminderMessages.StepDues(review) is { } dues)
                    lines.Add($"{dues} · deadline {Reminders.ReminderMessages.Deadline(s)}");
                break;
        }
        var open = review.OpenItems().Count;
        var notReached = review.NotReached();
        lines.Add($"{review.AnswerCount} answer{Plural(review.AnswerCount)} · {open} open item{Plural(open)}" + (notReached > 0 ? $" · {notReached} question{Plural(notReached)} not reached yet" : ""));
        return new NeutralMessage(
            $"{s.Title} ({StatusWord(s.Status)}): {ProgressLine(progress)}",
            [
                new TextBlock($"**{s.Title}** — {StatusWord(s.Status)} · owner {s.Owner.Display}"),
                new ProgressBlock(progress),
                new TextBlock(string.Join("\n", lines)),
                new ContextBlock("The review card at the top of this review in the channel is the live view: it updates in place as answers come in."),
                new LinksBlock([new Link("Design document", links.Page), new Link("Markdown", links.Markdown)]),
            ]);
    }

    private static string StatusWord(ReviewStatus status) => status switch
    {
        ReviewStatus.Completed => "done",
        ReviewStatus.Cancelled => "cancelled",
        _ => "in progress",
    };

    /// <summary>How many reviews a "Which review?" question offers as buttons; `/design list` shows them all.</summary>
    public const int MaxReviewChoices = 10;

    /// <summary>
    /// A command that could mean several reviews: one button per review (newest first), each running the command on its
    /// review for whoever presses it.
    /// </summary>
    /// <summary>"Which review?" with a button per review; <paramref name="format"/> is a word the command keeps (`export adr`).</summary>
    public static NeutralMessage WhichReview(CommandName command, IReadOnlyList<ReviewListing> candidates, string? format = null)
    {
        var word = command.ToString().ToLowerInvariant() + (format is null ? "" : $" {format}");
        var shown = candidates.OrderByDescending(r => r.CreatedAt).Take(MaxReviewChoices).ToList();
        var more = candidates.Count - shown.Count;
        var text = $"**Which review?** {candidates.Count} design reviews in this channel fit. Pick one, or name it: `/design {word} <title>` (the start of the title is enough)"
            + (more > 0 ? $"; `/design list` shows all {candidates.Count}." : ".");
        var buttons = shown.Select(r => new Button(Limit($"{r.Title} ({r.Owner.Display})", 75), ButtonValues.PickReview, ButtonValues.ForCommand(r.Id, word))).ToList();
        return new NeutralMessage($"Which review? {string.Join(", ", shown.Select(r => r.Title))}", [new TextBlock(text), new ButtonsBlock(buttons)]);
    }

    /// <summary>The start command's thread: where the review runs, so replies there are not left unanswered.</summary>
    public static NeutralMessage ReviewStarted(ReviewView review) =>
        Text($"Started **{review.State.Title}**. The review card is in the channel and each step has its own thread: answer there. " +
            "Here, `q3: …` adds to question 3 of the current step.");

    /// <summary>
    /// A reply in a thread of the review that is no step's (the card's, the start command's): where to answer instead,
    /// and what works here.
    /// </summary>
    public static NeutralMessage ReviewThreadHint(ReviewView review)
    {
        var s = review.State;
        if (s.Status != ReviewStatus.Active)
            return Text($"**{s.Title}** is {StatusWord(s.Status)}, so answers are no longer collected. `/design summary` and `/design export` still work.");
        var active = review.ActiveSteps();
        var where = active.Count switch
        {
            0 => "a step's thread",
            1 => $"the thread of **{active[0].Title}** (it waits on Q{s.Session(active[0].Id).Dialog.Index + 1})",
            _ => $"the thread of the step you are answering ({string.Join(", ", active.Select(a => a.ShortTitle))} are open)",
        };
        var here = active.Count == 1
            ? $"Here, `q3: …` adds to question 3 of {active[0].ShortTitle}; "
            : "";
        return Text($"This thread is not a step of **{s.Title}**: answer in {where}. {here}`/design status`, `summary`, `export` and `cancel` typed here mean this review.");
    }

    /// <summary>A `qN:` typed in a review thread that is no step's, while several steps are open: it cannot tell which.</summary>
    public static NeutralMessage UseAStepThread(ReviewView review) =>
        Text($"Several steps of **{review.State.Title}** are open ({string.Join(", ", review.ActiveSteps().Select(a => a.ShortTitle))}), so I can't tell which one `q…:` means here. " +
            "Nothing was stored — send it in that step's thread.");

    /// <summary>What a `qN:` typed in a review thread that is no step's did: it landed on the current step.</summary>
    public static NeutralMessage LandedOnStep(StepTemplate step, int question) =>
        Text($"Added to **{step.ShortTitle}** Q{question + 1} ({Limit(OneLine(step.Questions[question].Prompt), 80)}) — the step's thread has the rest.");

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

    /// <summary>How many answered questions a step shows in the summary; the rest are counted and in the document.</summary>
    public const int KeyAnswersPerStep = 3;

    /// <summary>How many open items the summary names; the rest are counted and in the document.</summary>
    public const int OpenItemsShown = 3;

    /// <summary>
    /// The summary design card: one screen. Per step its first key answers on one line each, the sizing headline figures,
    /// the open items (counted, the first few named), participants and the document links; the document has the rest.
    /// </summary>
    public static NeutralMessage Summary(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var blocks = new List<Block>
        {
            new HeaderBlock($"Design summary: {s.Title}"),
            new FieldsBlock([
                new Field("Owner", s.Owner.Display),
                new Field("Participants", Limit(string.Join(", ", review.Participants()), 300)),
                new Field("Status", $"{(s.ClosedEarly && s.Status == ReviewStatus.Completed ? "closed early" : StatusWord(s.Status))} · {review.AnswerCount} answer{Plural(review.AnswerCount)}"),
            ]),
        };
        if (Reminders.ReminderMessages.Deadline(s) is { } deadline)
            blocks.Add(new ContextBlock($"Deadline {deadline}"));
        var shortened = false;
        foreach (var step in review.Template.Steps)
            blocks.Add(StepKeyAnswers(review, step, ref shortened));
        if (review.Template.SizingStep is not null)
            blocks.Add(SizingHeadline(review.Sizing()));
        blocks.Add(OpenItemsLine(review));
        List<Link> documentLinks = [new Link("Design document", links.Page), new Link("Markdown", links.Markdown)];
        if (ReviewDocument.DiagramAnchor(review.Template) is { } architecture)
            documentLinks.Add(new Link("Architecture", $"{links.Page}#{architecture}"));
        blocks.Add(new LinksBlock(documentLinks));
        if (shortened)
            blocks.Add(new ContextBlock(MessageFitter.ShortenedNote));
        var open = review.OpenItems().Count;
        return new NeutralMessage($"Design summary: {s.Title} — {review.AnswerCount} answer{Plural(review.AnswerCount)}, {open} open item{Plural(open)}", blocks);
    }

    /// <summary>The step's first answered questions, one line each (question and answers shortened), and how many more the document has.</summary>
    private static TextBlock StepKeyAnswers(ReviewView review, StepTemplate step, ref bool shortened)
    {
        var heading = $"**{review.Template.StepNumber(step.Id)}. {step.ShortTitle}** ({review.AnsweredQuestions(step.Id)}/{step.Questions.Count}){StepDue(review, step)}";
        var answered = Enumerable.Range(0, step.Questions.Count).Where(i => review.IsAnswered(step.Id, i)).ToList();
        if (answered.Count == 0)
            return new TextBlock($"{heading} — {(review.IsFinished(step.Id) ? "no answers" : review.State.ClosedEarly ? "not reached" : "not reached yet")}");
        var lines = new List<string>();
        foreach (var i in answered.Take(KeyAnswersPerStep))
        {
            // The first answer, shortened, and how many more there are: one line per question.
            var answers = review.KeyAnswersTo(step.Id, i);
            var first = OneLine(answers[0].Text);
            var shown = Limit(first, 80);
            shortened |= shown != first || answers.Count > 1;
            var more = answers.Count > 1 ? $", +{answers.Count - 1} more" : "";
            lines.Add($"• _{Limit(OneLine(step.Questions[i].Prompt), 48)}_ — {shown} ({answers[0].Author.Display}{more})");
        }
        if (answered.Count > KeyAnswersPerStep)
            lines.Add($"…and {answered.Count - KeyAnswersPerStep} more answered in the design document");
        return new TextBlock($"{heading}\n{string.Join("\n", lines)}");
    }

    // A step's due date in the summary: " · due Wed 2 Dec", " · ⚠ late (due Wed 2 Dec)"; nothing without a deadline.
    private static string StepDue(ReviewView review, StepTemplate step) =>
        review.State.Schedule.Deadline is null || review.State.Schedule.Step(step.Id).DueAt is not { } due
            ? ""
            : Reminders.ReminderMessages.IsLate(review, step.Id) ? $" · ⚠ late (due {Reminders.ReminderMessages.Day(due, review.State)})" : $" · due {Reminders.ReminderMessages.Day(due, review.State)}";

    // The estimator's headline figures, by the names it gives them; storage with replication when it is known.
    /// <summary>Peak read and write QPS, storage per year and peak egress; the inputs still missing when any is not known.</summary>
    private static Block SizingHeadline(SizingEstimate estimate)
    {
        var fields = estimate.Headline.Select(h => new Field(h.Label, h.Figure.Display)).ToList();
        var missing = estimate.Missing.Count == 0 ? "" : $"not estimated yet, missing: {Limit(string.Join(", ", estimate.Missing), 200)}";
        if (fields.Count == 0)
            return new TextBlock($"**Sizing:** {(missing.Length > 0 ? missing : "no figures yet")}.");
        if (missing.Length > 0)
            fields.Add(new Field("Sizing", missing));
        return new FieldsBlock(fields);
    }

    /// <summary>Open items (finished steps' questions without an answer), the first few named; questions not reached yet, counted.</summary>
    private static TextBlock OpenItemsLine(ReviewView review)
    {
        var open = review.OpenItems();
        var notReached = review.NotReached();
        var reached = notReached == 0 ? "" : $"\n_{notReached} question{Plural(notReached)} not reached yet._";
        if (open.Count == 0)
            return new TextBlock($"**Open items:** none{(notReached == 0 ? " — every question has an answer" : " so far")}.{reached}");
        var lines = open.Take(OpenItemsShown).Select(item => $"• {Limit(item, 110)}").ToList();
        if (open.Count > OpenItemsShown)
            lines.Add($"…and {open.Count - OpenItemsShown} more in the design document");
        return new TextBlock($"**Open items ({open.Count}):**\n{string.Join("\n", lines)}{reached}");
    }

    public static NeutralMessage Export(ReviewView review, ReviewLinks links) =>
        new($"Design document: {review.State.Title}",
            [
                new TextBlock($"Here is the design document of **{review.State.Title}** in Markdown."),
                new DocumentBlock($"{FileName(review.State.Title)}.md", "text/markdown", DesignDocument.Markdown(review, links)),
                new LinksBlock([new Link("Design document", links.Page), new Link("Markdown", links.Markdown)]),
            ]);

    /// <summary>`/design export adr`: the decisions as architecture decision records (MADR), one Markdown file, and its link.</summary>
    public static NeutralMessage ExportDecisionRecords(ReviewView review, ReviewLinks links)
    {
        if (review.Template.DecisionRecordsSection is null)
            return Text($"The **{review.Template.Title}** template marks no section as decision records, so **{review.State.Title}** has none to export. "
                + $"`/design export` gives its design document: {links.Page}");
        var count = DecisionRecords.From(review).Count;
        var said = count == 0 ? "no decisions recorded yet" : $"{count} decision record{Plural(count)}";
        return new($"Decision records: {review.State.Title} ({said})",
            [
                new TextBlock($"Here are the architecture decision records of **{review.State.Title}** (MADR layout): {said}."),
                new DocumentBlock($"{FileName(review.State.Title)}-decisions.md", "text/markdown", DecisionRecords.Markdown(review, links)),
                new LinksBlock(links.DecisionRecords is { } records ? [new Link("Decision records", records), new Link("Design document", links.Page)] : [new Link("Design document", links.Page)]),
            ]);
    }

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
        "**DesignBot** runs a design review step by step, each step in its own thread.\n" +
        "• `/design start <title>` — start a review (add `--parallel` to open all step threads at once, `--template <id>` to use another template)\n" +
        "• `/design templates` — the review templates, by id with their steps, shown only to you\n" +
        "• `/design status` — where the review stands, shown only to you (the review card in the channel is the live view)\n" +
        "• `/design list` — reviews in this channel\n" +
        "• `/design summary` — post the summary design card now\n" +
        "• `/design export` — the full design document in Markdown · `/design export adr` — its decisions as decision records\n" +
        "• `/design cancel` — cancel the review (owner only)\n" +
        "• `/design start <title> --due friday --tz Europe/Berlin` — a deadline (`friday`, `in 2 weeks`, `2026-12-18`; steps get due dates) in a time zone\n" +
        "• `/design due <when>` — change the deadline (owner only) · `/design remind` — remind the open steps now · `/design snooze <when>` — no reminders until then\n" +
        "• `/design close` — finish the review now, what is open stays listed (owner only) · `/design reopen <step>` — open a finished step again (owner only)\n" +
        "With several reviews in the channel, name one: `/design status Payments` (the start of the title, or its id, is enough); " +
        "typed in a review's thread, a command means that review; otherwise I ask which.\n" +
        "In a step thread just reply to answer; `q3: …` adds to question 3; `skip`, `back`, `done`, `help`.";

    /// <summary>A command with an option it does not read: nothing was done, and this says what it does read.</summary>
    public static string UnknownOption(Command parsed, string option)
    {
        var known = CommandParser.OptionsOf(parsed.Name).Select(o => $"`--{o}`").ToList();
        if (parsed.Name == CommandName.Start)
            known.Add("`--parallel`");
        var takes = known.Count == 0 ? $"`{parsed.Word}` takes no options" : $"`{parsed.Word}` takes {string.Join(", ", known)}";
        var nothing = parsed.Name == CommandName.Start ? "Nothing was started." : "Nothing was done.";
        return $"I don't know the option `--{Limit(option, 40)}`: {takes}. {nothing}";
    }

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

    /// <summary>A "Which review?" button: runs the command its value names on the review its value names, for the presser.</summary>
    public const string PickReview = "designbot.review";

    public static string For(string reviewId, string stepId, int question) => $"{reviewId}|{stepId}|{question}";

    /// <summary>The value of a <see cref="PickReview"/> button: `{reviewId}|{command}`.</summary>
    /// <summary>A "Which review?" button's value: the review and the command's words (`export adr`), run as typed when pressed.</summary>
    public static string ForCommand(string reviewId, string commandWords) => $"{reviewId}|{commandWords}";

    public static bool TryParseCommand(string value, out string reviewId, out CommandName command) =>
        TryParseCommand(value, out reviewId, out command, out _);

    public static bool TryParseCommand(string value, out string reviewId, out CommandName command, out string commandWords)
    {
        var parts = value.Split('|');
        reviewId = parts.Length == 2 ? parts[0] : "";
        commandWords = parts.Length == 2 ? parts[1] : "";
        command = parts.Length == 2 ? CommandParser.Parse(parts[1]).Name : CommandName.Unknown;
        return reviewId.Length > 0 && command is CommandName.Status or CommandName.Summary or CommandName.Export or CommandName.Cancel or CommandName.Remind or CommandName.Close;
    }

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
public sealed record ReviewLinks(string Page, string Markdown)
{
    /// <summary>The review's decisions as architecture decision records (Markdown); null where no such page is served.</summary>
    public string? DecisionRecords { get; init; }
}

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
