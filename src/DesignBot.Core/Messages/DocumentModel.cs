using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Messages;

/// <summary>
/// The full design document as content, before any format: built by one walk over the review
/// (<see cref="Build"/>), rendered to Markdown (<see cref="DesignDocument"/>) and to HTML (the host). Text in it is
/// plain, as members typed it; each renderer escapes it for its format.
/// </summary>
/// <remarks>
/// Its order: a Summary (title, owner, participants, status, dates), the template's sections in order — each filled from
/// the answers of the questions that name it, every answer with its author; the estimate under the section the computing
/// step's questions feed; a diagram of the flows where the section asks for one — then Open questions, and the whole
/// transcript, discussion included, as an appendix.
/// </remarks>
public sealed record ReviewDocument(string Title, IReadOnlyList<Field> Facts, IReadOnlyList<Link> Links, IReadOnlyList<DocumentSection> Sections)
{
    public const string SummaryAnchor = "summary";
    public const string OpenQuestionsAnchor = "open-questions";
    public const string AppendixAnchor = "transcript";

    public static ReviewDocument Build(ReviewView review, ReviewLinks links)
    {
        var s = review.State;
        var facts = new List<Field>
        {
            new("Owner", s.Owner.Name),
            new("Participants", string.Join(", ", review.Participants())),
            new("Status", s.Status.ToString()),
            new("Started", ReviewMessages.Date(s.CreatedAt)),
        };
        if (s.FinishedAt is { } finished)
            facts.Add(new("Finished", ReviewMessages.Date(finished)));
        facts.Add(new("Progress", ReviewMessages.ProgressLine(review.Progress())));
        facts.Add(new("Template", review.Template.Title));

        List<Link> documentLinks = [new Link("Web page", links.Page), new Link("Markdown", links.Markdown)];
        if (links.DecisionRecords is { } records && review.Template.DecisionRecordsSection is not null)
            documentLinks.Add(new Link("Decision records", records));

        var sections = new List<DocumentSection> { new("Summary", [new DocumentFacts(facts)]) { Anchor = SummaryAnchor } };
        sections.AddRange(TemplateSections(review));
        sections.Add(OpenQuestions(review));
        sections.Add(Transcript(review));
        return new ReviewDocument(s.Title, facts, documentLinks, sections);
    }

    /// <summary>The page anchor of a template section (its id, reduced to what an HTML id and a URL fragment take).</summary>
    public static string AnchorOf(TemplateSection section)
    {
        var chars = section.Id.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length == 0)
            return "section";
        // The document's own sections keep their anchors whatever a template calls its sections.
        return slug is SummaryAnchor or OpenQuestionsAnchor or AppendixAnchor ? slug + "-section" : slug;
    }

    /// <summary>The anchor of the template's first section with a flowchart, where the architecture picture is; null when none.</summary>
    public static string? DiagramAnchor(ReviewTemplate template) =>
        template.Sections.FirstOrDefault(s => s.Diagram == FlowchartDiagram) is { } section ? AnchorOf(section) : null;

    /// <summary>The `diagram:` value that draws a section's flows (`Client -> API -> Store`) as a flowchart.</summary>
    public const string FlowchartDiagram = "flowchart";

    private static IEnumerable<DocumentSection> TemplateSections(ReviewView review)
    {
        // The estimate goes where the questions of the step that computes it point (the first one that names a section).
        var computing = review.Template.SizingStep;
        var estimateSection = computing?.Questions.Select(q => q.Section).FirstOrDefault(id => id is not null);
        foreach (var section in review.Template.Sections)
        {
            var questions = QuestionsOf(review.Template, section.Id).ToList();
            var parts = new List<DocumentPart>();
            if (section.Diagram == FlowchartDiagram)
                parts.AddRange(DiagramParts(review, questions));
            var answered = false;
            foreach (var (step, index) in questions)
            {
                var replies = review.AnswersTo(step.Id, index);
                if (replies.Count == 0)
                    continue;
                answered = true;
                parts.Add(new DocumentQuestion(step.Questions[index].Prompt, [.. replies.Select(AnswerOf)], null));
            }
            if (!answered)
                parts.Insert(0, new DocumentParagraph("No answers for this section yet.", ParagraphKind.Open));
            if (computing is not null && section.Id == estimateSection)
                parts.AddRange(EstimateParts(review.Sizing()));
            yield return new DocumentSection(section.Heading, parts) { Anchor = AnchorOf(section) };
        }
    }

    private static IEnumerable<(StepTemplate Step, int Index)> QuestionsOf(ReviewTemplate template, string sectionId) =>
        template.Steps.SelectMany(step => step.Questions.Select((q, i) => (step, q, i)))
            .Where(x => x.q.Section == sectionId)
            .Select(x => (x.step, x.i));

    /// <summary>The flows members wrote in the section's answers, drawn, and the components they name, listed.</summary>
    private static IEnumerable<DocumentPart> DiagramParts(ReviewView review, List<(StepTemplate Step, int Index)> questions)
    {
        var texts = questions.SelectMany(q => review.KeyAnswersTo(q.Step.Id, q.Index)).Select(a => a.Text);
        var flows = ArchitectureFlows.Parse(texts);
        if (flows.IsEmpty)
        {
            yield return new DocumentParagraph("No flows to draw yet: give them one per line, like `Client -> API gateway -> Photo service -> Object store`.", ParagraphKind.Open);
            yield break;
        }
        yield return new DocumentDiagram(flows.Mermaid(), $"{flows.Components.Count} components, {flows.Edges.Count} connections");
        yield return new DocumentHeading("Components");
        yield return new DocumentList(flows.ComponentLines());
    }

    private static DocumentAnswer AnswerOf(Answer a) =>
        // Every reply is in the document, discussion and unread values too, each said for what it is.
        new(a.Author.Display, ReviewMessages.Date(a.SentAt), a.EditedAt is not null, AnswerText.Normalize(a.Text)) { Label = LabelOf(a.Kind) };

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

    /// <summary>What the review left open: questions skipped or unanswered, figures members disagree on, what the estimate lacks or asks.</summary>
    private static DocumentSection OpenQuestions(ReviewView review)
    {
        var open = review.OpenItems();
        var notReached = review.NotReached();
        var estimate = review.Sizing();
        var conflicts = estimate.Inputs.Where(i => i.Others.Count > 0).Select(i => i.Text()).ToList();
        var parts = new List<DocumentPart>();
        if (open.Count > 0)
        {
            parts.Add(new DocumentHeading("Skipped or unanswered"));
            parts.Add(new DocumentList(open));
        }
        if (conflicts.Count > 0)
        {
            parts.Add(new DocumentHeading("Conflicting figures"));
            parts.Add(new DocumentList(conflicts));
        }
        if (estimate.Missing.Count > 0 && estimate.Inputs.Count > 0)
            parts.Add(new DocumentParagraph($"Missing inputs for the estimate: {string.Join(", ", estimate.Missing)}.", ParagraphKind.Open));
        if (estimate.Notes.Count > 0)
        {
            parts.Add(new DocumentHeading("Raised by the estimate"));
            parts.Add(new DocumentList(estimate.Notes));
        }
        if (parts.Count == 0)
            parts.Add(new DocumentParagraph(notReached == 0 ? "None — every question has an answer." : "None so far.", ParagraphKind.Plain));
        // Questions of steps not finished are not open items yet, only counted.
        if (notReached > 0)
            parts.Add(new DocumentParagraph($"{notReached} question{ReviewMessages.Plural(notReached)} not reached yet.", ParagraphKind.Plain));
        return new DocumentSection("Open questions", parts) { Anchor = OpenQuestionsAnchor };
    }

    /// <summary>The appendix: every step, every question in order with every reply, discussion included, and why a question has none.</summary>
    private static DocumentSection Transcript(ReviewView review)
    {
        var parts = new List<DocumentPart>();
        foreach (var step in review.Template.Steps)
        {
            parts.Add(new DocumentHeading($"{review.Template.StepNumber(step.Id)}. {step.Title}"));
            parts.Add(new DocumentParagraph(step.Purpose, ParagraphKind.Purpose));
            var skipped = review.State.Session(step.Id).Dialog.Skipped;
            for (var i = 0; i < step.Questions.Count; i++)
            {
                var replies = review.AnswersTo(step.Id, i);
                var open = replies.Any(a => a.IsAnswer) ? null : !review.IsFinished(step.Id) ? "Not reached yet." : skipped.Contains(i) ? "Skipped — open item." : "No answer yet — open item.";
                parts.Add(new DocumentQuestion($"Q{i + 1}. {step.Questions[i].Prompt}", [.. replies.Select(AnswerOf)], open) { Level = 4 });
            }
        }
        return new DocumentSection("Appendix: the full transcript", parts) { Anchor = AppendixAnchor };
    }
}

/// <summary>A section of the document with its heading; Anchor names it on the page (`#architecture`).</summary>
public sealed record DocumentSection(string Heading, IReadOnlyList<DocumentPart> Parts)
{
    public string Anchor { get; init; } = "";
}

public abstract record DocumentPart;

public enum ParagraphKind { Plain, Purpose, Open }

public sealed record DocumentParagraph(string Text, ParagraphKind Kind) : DocumentPart;

public sealed record DocumentHeading(string Text) : DocumentPart;

/// <summary>The review's facts (owner, participants, status, dates) as a list of labelled values.</summary>
public sealed record DocumentFacts(IReadOnlyList<Field> Facts) : DocumentPart;

/// <summary>A question with every reply to it, oldest first; OpenNote says why there is no answer. Level is its heading's depth.</summary>
public sealed record DocumentQuestion(string Heading, IReadOnlyList<DocumentAnswer> Answers, string? OpenNote) : DocumentPart
{
    public int Level { get; init; } = 3;
}

/// <summary>One member's reply, whole, with its author; Text may span lines (\n) and hold fenced code. Label says what a reply that is not a plain answer is ("discussion").</summary>
public sealed record DocumentAnswer(string Author, string SentAt, bool Edited, string Text)
{
    public string? Label { get; init; }

    /// <summary>The reply as prose and fenced code, in order (see <see cref="AnswerText.Runs"/>).</summary>
    public IReadOnlyList<TextRun> Runs => AnswerText.Runs(Text);
}

/// <summary>A Mermaid flowchart (its source, built from escaped labels and generated ids) and a one-line description of it.</summary>
public sealed record DocumentDiagram(string Mermaid, string Description) : DocumentPart;

public sealed record DocumentTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : DocumentPart;

public sealed record DocumentList(IReadOnlyList<string> Items) : DocumentPart;
