using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Messages;

/// <summary>
/// The full design document as content, before any format: built by one walk over the review
/// (<see cref="Build"/>), rendered to Markdown (<see cref="DesignDocument"/>) and to HTML (the host). Text in it is
/// plain, as members typed it; each renderer escapes it for its format.
/// </summary>
public sealed record ReviewDocument(string Title, IReadOnlyList<Field> Facts, IReadOnlyList<Link> Links, IReadOnlyList<DocumentSection> Sections)
{
    public static ReviewDocument Build(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var facts = new List<Field>
        {
            new("Owner", s.Owner.Name),
            new("Participants", string.Join(", ", review.Participants())),
            new("Started", ReviewMessages.Date(s.CreatedAt)),
        };
        if (s.FinishedAt is { } finished)
            facts.Add(new("Finished", ReviewMessages.Date(finished)));
        facts.Add(new("Status", s.Status.ToString()));
        facts.Add(new("Progress", ReviewMessages.ProgressLine(review.Progress())));

        var sections = review.Template.Steps.Select(step => StepSection(review, step)).ToList();
        sections.Add(OpenItems(review));
        return new ReviewDocument(s.Title, facts, [new Link("Web page", links.Page), new Link("Markdown", links.Markdown)], sections);
    }

    private static DocumentSection StepSection(ReviewView review, StepTemplate step)
    {
        var parts = new List<DocumentPart> { new DocumentParagraph(step.Purpose, ParagraphKind.Purpose) };
        var skipped = review.State.Session(step.Id).Dialog.Skipped;
        for (var i = 0; i < step.Questions.Count; i++)
        {
            // Every reply is in the document, discussion and unread values too, each said for what it is.
            var replies = review.AnswersTo(step.Id, i);
            var answers = replies
                .Select(a => new DocumentAnswer(a.Author.Display, ReviewMessages.Date(a.SentAt), a.EditedAt is not null, a.Text.Replace("\r\n", "\n", StringComparison.Ordinal)) { Label = LabelOf(a.Kind) })
                .ToList();
            var open = replies.Any(a => a.IsAnswer) ? null : !review.IsFinished(step.Id) ? "Not reached yet." : skipped.Contains(i) ? "Skipped — open item." : "No answer yet — open item.";
            parts.Add(new DocumentQuestion($"Q{i + 1}. {step.Questions[i].Prompt}", answers, open));
        }
        // A step that declares what the bot computes from its answers gets the computation, arithmetic shown.
        if (step.Computes.Count > 0)
            parts.AddRange(EstimateParts(review.Sizing()));
        return new DocumentSection($"{review.Template.StepNumber(step.Id)}. {step.Title}", parts);
    }

    /// <summary>The estimate: every input with every member's value, the figures with their arithmetic, what is open, the questions raised, the rules.</summary>
    private static IEnumerable<DocumentPart> EstimateParts(Sizing.SizingEstimate estimate)
    {
        yield return new DocumentHeading("Estimate");
        if (estimate.Inputs.Count > 0)
        {
            yield return new DocumentParagraph("Inputs — the value used and why; the other values members gave:", ParagraphKind.Plain);
            yield return new DocumentList([.. estimate.Inputs.Select(i => i.Text())]);
        }
        if (estimate.Figures.Count > 0)
            yield return new DocumentTable(["Figure", "Value", "Arithmetic"], [.. estimate.Figures.Select(f => (IReadOnlyList<string>)[f.Name, f.Display, f.Arithmetic])]);
        if (estimate.Missing.Count > 0)
            yield return new DocumentParagraph($"Missing inputs, so not estimated: {string.Join(", ", estimate.Missing)}.", ParagraphKind.Open);
        if (estimate.Unread.Count > 0)
        {
            yield return new DocumentParagraph("Kept as text, not used:", ParagraphKind.Plain);
            yield return new DocumentList(estimate.Unread);
        }
        if (estimate.Notes.Count > 0)
        {
            yield return new DocumentParagraph("Questions for the detailed design:", ParagraphKind.Plain);
            yield return new DocumentList(estimate.Notes);
        }
        if (estimate.Regions is { Length: > 0 } regions && !estimate.Figures.Any(f => f.Group == "Regions"))
            yield return new DocumentParagraph($"Users: {regions}", ParagraphKind.Plain);
        yield return new DocumentParagraph(Sizing.SizingEstimate.Rules, ParagraphKind.Purpose);
    }

    private static string? LabelOf(AnswerKind kind) => kind switch
    {
        AnswerKind.Discussion => "discussion",
        AnswerKind.Unread => "value not read",
        _ => null,
    };

    private static DocumentSection OpenItems(ReviewView review)
    {
        var open = review.OpenItems();
        var notReached = review.NotReached();
        var parts = new List<DocumentPart>();
        if (open.Count == 0)
            parts.Add(new DocumentParagraph(notReached == 0 ? "None — every question has an answer." : "None so far.", ParagraphKind.Plain));
        else
            parts.Add(new DocumentList(open));
        // Questions of steps not finished are not open items yet, only counted.
        if (notReached > 0)
            parts.Add(new DocumentParagraph($"{notReached} question{ReviewMessages.Plural(notReached)} not reached yet.", ParagraphKind.Plain));
        return new DocumentSection("Open items", parts);
    }
}

/// <summary>A section of the document (a step, or the open items) with its heading.</summary>
public sealed record DocumentSection(string Heading, IReadOnlyList<DocumentPart> Parts);

public abstract record DocumentPart;

public enum ParagraphKind { Plain, Purpose, Open }

public sealed record DocumentParagraph(string Text, ParagraphKind Kind) : DocumentPart;

public sealed record DocumentHeading(string Text) : DocumentPart;

/// <summary>A question with every answer to it, oldest first; OpenNote says why there is none.</summary>
public sealed record DocumentQuestion(string Heading, IReadOnlyList<DocumentAnswer> Answers, string? OpenNote) : DocumentPart;

/// <summary>One member's reply, whole, with its author; Text may span lines (\n). Label says what a reply that is not a plain answer is ("discussion").</summary>
public sealed record DocumentAnswer(string Author, string SentAt, bool Edited, string Text)
{
    public string? Label { get; init; }
}

public sealed record DocumentTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : DocumentPart;

public sealed record DocumentList(IReadOnlyList<string> Items) : DocumentPart;
