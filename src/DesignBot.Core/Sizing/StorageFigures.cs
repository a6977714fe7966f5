using static DesignBot.Core.Sizing.NumberFormat;

namespace DesignBot.Core.Sizing;

/// <summary>Daily, yearly and retained storage, per kind of content and in total.</summary>
internal static class StorageFigures
{
    private const string Group = "Storage";

    public static void Add(SizingInputs inputs, Traffic? traffic, List<SizingFigure> figures)
    {
        if (traffic is null)
        {
            return;
        }

        var writes = $"{Compact(traffic.WritesPerDay)} writes/day";
        double? text = null, media = null;
        if (inputs.TextSizePerWrite is { } textSize)
        {
            text = traffic.WritesPerDay * textSize.Value;
            AddKind("Text", text.Value, $"{writes} × {Bytes(textSize.Value)}", inputs.Retention, figures);
        }

        var hasMedia = SizingEstimator.HasMedia(inputs);
        if (hasMedia && inputs.MediaShareOfWrites is { } share)
        {
            var mediaSize = inputs.MediaSizePerWrite!.Value.Value;
            media = traffic.WritesPerDay * share.Value * mediaSize;
            AddKind("Media", media.Value, $"{writes} × {Percent(share.Value)} × {Bytes(mediaSize)}", inputs.Retention, figures);
        }

        // A partial total would understate storage, so totals wait for every component.
        if (text is null || (hasMedia && media is null))
        {
            return;
        }

        var perDay = text.Value + (media ?? 0);
        var parts = media is { } m ? $"{PerDay(text.Value)} text + {PerDay(m)} media" : $"{PerDay(text.Value)} text";
        AddKind("Total", perDay, parts, inputs.Retention, figures);
        AddReplicated(inputs, perDay, figures);
    }

    /// <summary>Adds "{kind} storage per day / per year / over retention".</summary>
    private static void AddKind(string kind, double perDay, string perDayArithmetic, Quantity? retention, List<SizingFigure> figures)
    {
        figures.Add(new(Group, $"{kind} storage per day", perDay, "bytes/day", PerDay(perDay), $"{perDayArithmetic} ≈ {PerDay(perDay)}"));

        var perYear = perDay * SizingEstimator.DaysPerYear;
        figures.Add(Total($"{kind} storage per year", perYear, $"{PerDay(perDay)} × {Days(SizingEstimator.DaysPerYear)}"));

        if (retention is { } r)
        {
            var retained = perDay * r.Value;
            figures.Add(Total($"{kind} storage over retention", retained, $"{PerDay(perDay)} × {RetentionText(r)}"));
        }
    }

    private static void AddReplicated(SizingInputs inputs, double perDay, List<SizingFigure> figures)
    {
        // The one default we allow, and it is always stated.
        var replicas = inputs.ReplicationFactor is { } rf
            ? $"{Compact(rf.Value)} replicas"
            : $"{Compact(SizingEstimator.DefaultReplicationFactor)} replicas (default)";
        var factor = inputs.ReplicationFactor?.Value ?? SizingEstimator.DefaultReplicationFactor;

        var perYear = perDay * SizingEstimator.DaysPerYear;
        figures.Add(Total("Total storage per year with replication", perYear * factor, $"{Bytes(perYear)} × {replicas}"));
        if (inputs.Retention is { } r)
        {
            var retained = perDay * r.Value;
            figures.Add(Total("Total storage over retention with replication", retained * factor, $"{Bytes(retained)} × {replicas}"));
        }
    }

    private static SizingFigure Total(string name, double bytes, string arithmetic) =>
        new(Group, name, bytes, "bytes", Bytes(bytes), $"{arithmetic} ≈ {Bytes(bytes)}");

    private static string PerDay(double bytes) => $"{Bytes(bytes)}/day";

    private static string Days(double days) => $"{Grouped(days)} days";

    /// <summary>"1,095 days (3 years)": the days used, plus the user's words when they differ.</summary>
    private static string RetentionText(Quantity retention)
    {
        var days = Math.Abs(retention.Value - Math.Round(retention.Value)) < 1e-9
            ? Days(retention.Value)
            : $"{Rate(retention.Value)} days";
        var typed = retention.Text.Trim();
        var lower = typed.ToLowerInvariant();
        var saidDays = lower.Length == 0 || lower.EndsWith('d') || lower.EndsWith("day", StringComparison.Ordinal)
            || lower.EndsWith("days", StringComparison.Ordinal);
        return saidDays ? days : $"{days} ({typed})";
    }
}
