namespace DesignBot.Core.Dialogs;

/// <summary>Tells discussion (a question to the team, an @-mention without an answer, chatter) from an answer.</summary>
public static class DiscussionDetector
{
    public static bool IsDiscussion(string text, Prompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var trimmed = text.Trim();
        return trimmed.EndsWith('?') || trimmed.StartsWith('@');
    }
}
