using DesignBot.Core.Dialogs;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Dialogs;

/// <summary>Which messages in a step thread are talk among the team rather than an answer, on the real template's questions.</summary>
public class DiscussionDetectorTests
{
    private static Prompt PromptFor(string stepId, string questionId) =>
        Prompt.For(TemplateLoader.Default.Step(stepId).Questions.Single(q => q.Id == questionId));

    [Theory]
    // Issue 9: these were stored as answers and moved the waterfall on.
    [InlineData("scope", "why", "Hmm, let me check with the PM…")]
    [InlineData("scope", "users", "@bob sure, take your time")]
    // A question to the team, trailing whitespace and emoji aside.
    [InlineData("scope", "why", "Do we need stories too?")]
    [InlineData("scope", "why", "Do we need stories too? 🤔 ")]
    [InlineData("scope", "why", "Do we need stories too? :thinking_face:")]
    [InlineData("scope", "why", "is that in scope?!")]
    [InlineData("sizing", "dau", "10M?")]
    [InlineData("sizing", "dau", "Is it 10M or 20M?")]
    [InlineData("data-model", "coverage", "yes?")]
    // Addressed to a member with nothing to read after the mention.
    [InlineData("sizing", "dau", "@bob sure, take your time")]
    [InlineData("sizing", "dau", "@carol")]
    [InlineData("data-model", "structure", "@alice, can you dig out the schema")]
    [InlineData("scope", "users", "@carol merchants and their customers")]
    // Plain chatter.
    [InlineData("scope", "why", "let me check")]
    [InlineData("scope", "why", "Let me check with legal first")]
    [InlineData("scope", "why", "brb")]
    [InlineData("scope", "why", "+1")]
    [InlineData("scope", "why", "will check")]
    [InlineData("scope", "why", "I'll check with the PM")]
    [InlineData("scope", "why", "I’ll ask marketing")]
    [InlineData("scope", "why", "good question")]
    [InlineData("scope", "why", "Good question, let me think")]
    [InlineData("scope", "why", "thanks")]
    [InlineData("scope", "why", "Thanks!")]
    [InlineData("scope", "why", "lol")]
    [InlineData("scope", "why", "haha 😂")]
    [InlineData("scope", "why", "ok")]
    [InlineData("scope", "why", "👍")]
    [InlineData("sizing", "dau", "let me check")]
    [InlineData("sizing", "dau", "Hmm, let me check with the PM…")]
    [InlineData("sizing", "dau", "+1")]
    [InlineData("sizing", "dau", "thanks")]
    [InlineData("sizing", "retention", "brb, 5 min")]
    [InlineData("data-model", "coverage", "thanks")]
    [InlineData("data-model", "schema", "not sure, will check")]
    [InlineData("data-model", "coverage", "No idea yet")]
    [InlineData("data-model", "coverage", "not sure")]
    public void Discussion_is_told_from_answers(string stepId, string questionId, string message) =>
        Assert.True(DiscussionDetector.IsDiscussion(message, PromptFor(stepId, questionId)), message);

    [Theory]
    [InlineData("scope", "why", "Merchants need faster checkout")]
    [InlineData("scope", "why", "We check the fraud score before every payment")]
    [InlineData("scope", "actions", "Check in, check out, and share albums")]
    [InlineData("scope", "actions", "Upload photos, follow people, like and comment")]
    [InlineData("scope", "users", "Thanks to the redesign, mostly casual users on mobile")]
    [InlineData("scope", "users", "Ok, mostly casual users on mobile")]
    [InlineData("scope", "users", "Photographers who ask: where is my stuff")]
    [InlineData("scope", "users", "Merchants (who asked?) and their customers.")]
    [InlineData("scope", "users", "Merchants and their customers (who else?)")]
    [InlineData("scope", "users", "Teams that mention @support in tickets")]
    [InlineData("scope", "push-pull", "Both: notifications are push, the feed is pull")]
    [InlineData("sizing", "dau", "About 10M DAU, maybe 12M next year")]
    [InlineData("sizing", "dau", "@bob 10M, like we said")]
    [InlineData("sizing", "dau", "let me check… probably 10M")]
    [InlineData("sizing", "dau", "Hmm, 10M")]
    [InlineData("sizing", "dau", "lots")]
    [InlineData("sizing", "peak-factor", "thanks, 3x then")]
    [InlineData("data-model", "coverage", "Mostly yes — but notifications are not modelled")]
    [InlineData("data-model", "coverage", "👍")]
    [InlineData("data-model", "coverage", "ok")]
    [InlineData("data-model", "schema", "Fixed for the core tables; EXIF … flexible JSONB column")]
    [InlineData("data-model", "structure", "@alice structured, as you said")]
    public void Answers_are_not_taken_for_discussion(string stepId, string questionId, string message) =>
        Assert.False(DiscussionDetector.IsDiscussion(message, PromptFor(stepId, questionId)), message);

    [Fact]
    public void An_empty_message_is_no_discussion() =>
        Assert.False(DiscussionDetector.IsDiscussion("   ", PromptFor("scope", "why")));
}
