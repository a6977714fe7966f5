namespace DesignBot.Core.Reviews;

public enum ExportFormat { Document, DecisionRecords }

/// <summary>
/// What `/design export` asks for: `export` (the design document), `export adr` (its decisions as architecture decision
/// records), either followed by a review's name (`export adr Payments`). A format word is only read as the first word.
/// </summary>
public sealed record ExportRequest(ExportFormat Format, string ReviewName)
{
    public static ExportRequest Parse(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var trimmed = argument.Trim();
        var space = trimmed.IndexOfAny([' ', '\t']);
        var first = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        return first switch
        {
            "adr" or "adrs" => new ExportRequest(ExportFormat.DecisionRecords, rest),
            "md" or "markdown" => new ExportRequest(ExportFormat.Document, rest),
            _ => new ExportRequest(ExportFormat.Document, trimmed),
        };
    }
}
