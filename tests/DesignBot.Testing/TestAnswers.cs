using DesignBot.Core.Templates;

namespace DesignBot.Testing;

/// <summary>
/// What the members of a test review answer: numbers the sizing step can read (by the question's unit), a choice or yes
/// where one is asked, and otherwise text with markup in it, so every renderer's escaping is exercised.
/// </summary>
public static class TestAnswers
{
    public static readonly string[] Members = ["alice", "bob", "carol"];

    /// <summary>The answer for a question on a given turn of the review (turns vary choices and text).</summary>
    public static string For(QuestionTemplate q, int turn) => q.Id switch
    {
        "dau" => "10M",
        "writes-per-user" => "2",
        "read-write-ratio" => "100:1",
        "text-size" => "2 KB",
        "media-size" => "200 KB",
        "media-share" => "10%",
        "retention" => "3 years",
        "peak-factor" => "3x",
        "replication" => "3",
        _ when q.Kind == QuestionKind.Choice => q.Choices[turn % q.Choices.Count],
        _ when q.Kind == QuestionKind.Confirm => "yes",
        _ when q.Kind == QuestionKind.Number => "2",
        _ => $"<b>answer</b> {turn} & more",
    };
}
