namespace DesignBot.Core.Sizing;

/// <summary>Daily, yearly and retained storage: text, each media type, and the total with replication.</summary>
internal static class StorageFigures
{
    private const string Group = "Storage";

    public static void Add(SizingInputs inputs, Traffic? traffic, List<SizingFigure> figures)
    {
        if (traffic is null)
            return;

        var writes = $"{Say.Count(traffic.WritesPerDay)} writes/day";
        var parts = new List<(string Kind, ValueRange PerDay)>();
        var complete = true;
        if (inputs.TextSizePerWrite is { } textSize)
        {
            var text = traffic.WritesPerDay * ValueRange.Of(textSize);
            AddKind("Text", text, $"{writes} × {Say.Size(ValueRange.Of(textSize))}", inputs.Retention, figures);
            parts.Add(("text", text));
        }
        else
        {
            complete = false;
        }

        foreach (var type in inputs.Media)
        {
            if (type.WriteShare is not { } share)
            {
                complete = false;
                continue;
            }
            var size = ValueRange.Of(type.Size);
            var perDay = traffic.WritesPerDay * ValueRange.Of(share) * size;
            AddKind(Say.Capitalized(type.Name), perDay, $"{writes} × {Say.Share(ValueRange.Of(share))} × {Say.Size(size)}", inputs.Retention, figures);
            parts.Add((type.Name, perDay));
        }

        // A partial total would understate storage, so totals wait for every component.
        if (!complete || inputs.MediaSizeKeptAsText)
            return;

        var total = ValueRange.Sum(parts.Select(p => p.PerDay));
        AddKind("Total", total, string.Join(" + ", parts.Select(p => $"{Say.PerDay(p.PerDay)} {p.Kind}")), inputs.Retention, figures);
        AddReplicated(inputs, total, figures);
    }

    /// <summary>Adds "{kind} storage per day / per year / over retention".</summary>
    private static void AddKind(string kind, ValueRange perDay, string perDayArithmetic, Quantity? retention, List<SizingFigure> figures)
    {
        figures.Add(Say.Figure(Group, $"{kind} storage per day", perDay, "bytes/day", Say.PerDay(perDay), $"{perDayArithmetic} ≈ {Say.PerDay(perDay)}"));
        var perYear = perDay * SizingEstimator.DaysPerYear;
        figures.Add(Total($"{kind} storage per year", perYear, $"{Say.PerDay(perDay)} × {NumberFormat.Grouped(SizingEstimator.DaysPerYear)} days"));
        if (retention is { } r)
            figures.Add(Total($"{kind} storage over retention", perDay * ValueRange.Of(r), $"{Say.PerDay(perDay)} × {RetentionText(r)}"));
    }

    private static void AddReplicated(SizingInputs inputs, ValueRange perDay, List<SizingFigure> figures)
    {
        // The one default the estimate allows, and it is always stated.
        var factor = inputs.ReplicationFactor is { } rf ? ValueRange.Of(rf) : ValueRange.Of(SizingEstimator.DefaultReplicationFactor);
        var replicas = $"{Say.Count(factor)} replicas" + (inputs.ReplicationFactor is null || inputs.ReplicationFactor.Value.Text.Length == 0 ? " (default)" : "");

        var perYear = perDay * SizingEstimator.DaysPerYear;
        figures.Add(Total(SizingFigureNames.StoragePerYearReplicated, perYear * factor, $"{Say.Size(perYear)} × {replicas}"));
        if (inputs.Retention is { } r)
        {
            var retained = perDay * ValueRange.Of(r);
            figures.Add(Total("Total storage over retention with replication", retained * factor, $"{Say.Size(retained)} × {replicas}"));
        }
    }

    private static SizingFigure Total(string name, ValueRange bytes, string arithmetic) =>
        Say.Figure(Group, name, bytes, "bytes", Say.Stored(bytes), $"{arithmetic} ≈ {Say.Stored(bytes)}");

    /// <summary>"1,095 days (3 years)": the days used, plus the member's words when short and not in days.</summary>
    internal static string RetentionText(Quantity retention)
    {
        var days = NumberFormat.Span(ValueRange.Of(retention), QuantityText.DaysNumber) + " days";
        var typed = retention.Text.Trim();
        var lower = typed.ToLowerInvariant();
        var saidDays = lower.Length == 0 || lower.EndsWith('d') || lower.EndsWith("day", StringComparison.Ordinal)
            || lower.EndsWith("days", StringComparison.Ordinal);
        return saidDays || typed.Length > 20 ? days : $"{days} ({typed})";
    }
}
