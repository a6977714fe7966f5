using DesignBot.Core.Json;
using DesignBot.Core.Reviews;

namespace DesignBot.Storage.AzureTables;

/// <summary>
/// A review's answers live in 16 bucket entities of its partition ("answers|00" … "answers|0F"), picked by a stable
/// hash of the answer id, each holding its answers as JSON lines. Not a row per answer: a turn must be one
/// entity-group transaction, which takes at most 100 operations, and a turn that writes many answers (an import,
/// a review created with 300) would not fit. With buckets a turn rewrites at most 16 answer entities, and a review's
/// answers may grow to 16 × 1 MiB.
/// </summary>
internal static class AnswerBuckets
{
    public const int Count = 16;
    public const string RowKeyPrefix = "answers|";

    public static string RowKey(int bucket) => $"{RowKeyPrefix}{bucket:X2}";

    /// <summary>FNV-1a over the id: string.GetHashCode differs between processes, and every host must agree.</summary>
    public static int Of(string answerId)
    {
        var hash = 2166136261u;
        foreach (var c in answerId)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash % Count);
    }

    // Compact JSON escapes every control character inside strings, so a line never holds a raw newline.
    public static string Format(IEnumerable<Answer> answers) =>
        string.Join('\n', answers.OrderBy(a => a.Id, StringComparer.Ordinal).Select(CoreJson.Serialize));

    public static Dictionary<string, Answer> Parse(string lines) =>
        lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CoreJson.Deserialize<Answer>).ToDictionary(a => a.Id);
}
