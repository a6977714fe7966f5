using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Core.Text;

namespace DesignBot.Core.Sizing;

/// <summary>
/// What the estimate computes from: the figures the team gave (null when not given), the media types with their shares,
/// the users per region, how each value was chosen (<see cref="Lines"/>) and what could not be used.
/// </summary>
public sealed record SizingInputs
{
    public const string OnlyAnswer = "only answer";
    public const string Latest = "latest";
    public const string DefaultValue = "default";

    /// <summary>The parts of the estimate the template's sizing step computes (<see cref="EstimatorParts"/>); all of them unless it says.</summary>
    public IReadOnlyList<string> Computes { get; init; } = EstimatorParts.All;

    public Quantity? DailyActiveUsers { get; init; }
    public Quantity? WritesPerUserPerDay { get; init; }

    /// <summary>Reads per write.</summary>
    public Quantity? ReadWriteRatio { get; init; }

    public Quantity? TextSizePerWrite { get; init; }

    /// <summary>Days.</summary>
    public Quantity? Retention { get; init; }

    public Quantity? PeakFactor { get; init; }

    /// <summary>Replicas kept of each item; null uses <see cref="SizingEstimator.DefaultReplicationFactor"/>, said as a default.</summary>
    public Quantity? ReplicationFactor { get; init; }

    /// <summary>Share of media reads a CDN or cache serves; null means none (0 %).</summary>
    public Quantity? CdnHitRatio { get; init; }

    /// <summary>The media types a write stores; empty for a text-only system.</summary>
    public IReadOnlyList<MediaType> Media { get; init; } = [];

    /// <summary>True when the team said what share of reads fetches each media type; otherwise a read fetches what a write stores.</summary>
    public bool ReadMixGiven { get; init; }

    public IReadOnlyList<RegionShare> Regions { get; init; } = [];

    /// <summary>The regions answer as typed when it names no shares (`mostly Europe`).</summary>
    public string? RegionsText { get; init; }

    public IReadOnlyList<SizingInputLine> Lines { get; init; } = [];

    /// <summary>Replies kept as text, not used, each with how to give the value.</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>True when the only media sizes given could not be read (`1e7` with no unit): media is missing, not absent.</summary>
    public bool MediaSizeKeptAsText { get; init; }

    /// <summary>Inputs that do not fit together (a share naming no media type), as questions.</summary>
    public IReadOnlyList<string> InputNotes { get; init; } = [];

    /// <summary>What the team wrote in the step the template names for the read path (the API); null when none is named.</summary>
    public string? ReadPathText { get; init; }

    /// <summary>True when a member's words already plan egress beyond one CDN (`multi-CDN`, `several CDNs`).</summary>
    public bool CdnCapacityNoted { get; init; }

    /// <summary>
    /// The sizing step's answers (the template's step that lists what it computes) as estimator inputs, each read from
    /// the question that says it feeds it (`feeds:`), whatever that question's id.
    /// </summary>
    public static SizingInputs From(ReviewTemplate template, IReadOnlyList<Answer> answers, ReviewState state)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(state);
        if (template.SizingStep is not { } step)
            return new SizingInputs();
        var choose = new InputChooser(step, answers, [.. state.Pins.Where(p => p.StepId == step.Id)]);
        var notes = new List<string>();

        var inputs = new SizingInputs
        {
            Computes = step.Computes,
            DailyActiveUsers = choose.Scalar(EstimatorInput.DailyActiveUsers),
            WritesPerUserPerDay = choose.Scalar(EstimatorInput.WritesPerUserPerDay),
            ReadWriteRatio = choose.Scalar(EstimatorInput.ReadsPerWrite),
            TextSizePerWrite = choose.Scalar(EstimatorInput.TextSizePerWrite),
        };
        var sizes = choose.Named(EstimatorInput.MediaSizes).Where(s => s.Value.Value > 0).ToList();
        var writeShares = choose.Named(EstimatorInput.MediaWriteShares);
        var readShares = choose.Named(EstimatorInput.MediaReadShares);
        var media = MediaTypes.Combine(sizes, writeShares, readShares, notes);
        var cdn = choose.Scalar(EstimatorInput.CdnHitShare);
        inputs = inputs with
        {
            Media = media,
            ReadMixGiven = readShares.Count > 0,
            Retention = choose.Scalar(EstimatorInput.RetentionPeriod),
            PeakFactor = choose.Scalar(EstimatorInput.PeakToAverage),
            ReplicationFactor = choose.Scalar(EstimatorInput.ReplicationFactor),
            CdnHitRatio = cdn,
        };

        var (regions, regionsText) = ReadRegions(choose, notes);
        var stepAnswers = answers.Where(a => a.StepId == step.Id).ToList();
        var unread = UnreadValues(step, stepAnswers);
        return inputs with
        {
            MediaSizeKeptAsText = sizes.Count == 0 && choose.QuestionFeeding(EstimatorInput.MediaSizes) is { } mediaQuestion && unread.Any(u => u.QuestionId == mediaQuestion.Id),
            Regions = regions,
            RegionsText = regionsText,
            Lines = choose.Lines,
            Unread = [.. unread.Select(u => u.Line)],
            InputNotes = notes,
            ReadPathText = step.ReadPathFrom is { } from && template.Steps.Any(s => s.Id == from)
                ? string.Join("\n", answers.Where(a => a.StepId == from && a.IsAnswer).Select(a => a.Text))
                : null,
            CdnCapacityNoted = stepAnswers.Any(a => MentionsSeveralCdns(a.Text)),
        };
    }

    private static (List<RegionShare>, string?) ReadRegions(InputChooser choose, List<string> notes)
    {
        if (choose.Whole(EstimatorInput.UserRegions) is not { } whole)
            return ([], null);
        var (chosen, others, why) = whole;
        var shares = NamedFigures.Read(chosen.Text, QuantityKind.Percent)
            .Select((f, i) => new RegionShare(f.Name ?? $"region {i + 1}", f.Quantity))
            .ToList();
        var said = others.Select(o => new OtherValue(o.Author.Display, $"\"{TextLimit.Shorten(ReviewTextOf(o.Text), 60)}\"")).ToList();
        var value = shares.Count > 0 ? string.Join(", ", shares.Select(s => $"{QuantityText.Of(s.Share)} {s.Name}")) : $"\"{TextLimit.Shorten(ReviewTextOf(chosen.Text), 80)}\"";
        choose.Lines.Add(new SizingInputLine(EstimatorInput.UserRegions.Label, value, chosen.Author.Display, why, said));
        if (shares.Count == 0)
            return ([], chosen.Text.Trim());
        var total = ValueRange.Sum(shares.Select(s => ValueRange.Of(s.Share)));
        if (total.High < 0.99 || total.Low > 1.01)
            notes.Add($"The regions add up to {NumberFormat.Span(total, NumberFormat.Percent)} of users, not 100% — where are the others?");
        return (shares, null);
    }

    private static string ReviewTextOf(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>Number answers kept as text because their value could not be read, unless the member answered again.</summary>
    private static List<(string QuestionId, string Line)> UnreadValues(StepTemplate step, List<Answer> stepAnswers)
    {
        var unread = new List<(string, string)>();
        foreach (var reply in stepAnswers.Where(a => a.Kind == AnswerKind.Unread).OrderBy(a => a.SentAt))
        {
            var question = step.Questions.FirstOrDefault(q => q.Id == reply.QuestionId);
            if (question?.Unit is not { } unit)
                continue;
            var answeredSince = stepAnswers.Any(a => a.QuestionId == reply.QuestionId && a.Author.Id == reply.Author.Id && a.Kind == AnswerKind.Answer && a.SentAt >= reply.SentAt);
            if (answeredSince || QuantityParser.TryParse(reply.Text, unit, out _, out var error))
                continue;
            var number = step.Questions.ToList().IndexOf(question) + 1;
            unread.Add((question.Id, $"Q{number} ({reply.Author.Display}): {error} — kept as text, not used until it is answered as `q{number}: …`."));
        }
        return unread;
    }

    private static bool MentionsSeveralCdns(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"\bmulti-?\s?cdns?\b|\b(?:several|multiple|two|2|many)\s+cdns\b",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
