using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Reviews;

/// <summary>
/// Threads of a review that are no step's (the review card's, the start command's; their links carry
/// <see cref="ReviewState.ReviewThread"/>): a hint instead of silence, and `q3: …` on the current step.
/// </summary>
internal sealed class ReviewThreadFlow(ReviewTemplate template, StepFlow steps)
{
    /// <summary>
    /// A reply in a thread of the review that is no step's (the card's, the start command's). `q3: …` lands on question 3
    /// of the current step, as if typed in its thread; an edit or deletion of such a reply reaches the answer it made.
    /// Anything else gets a hint, for its author only: where to answer, what works here.
    /// </summary>
    public Decision Decide(TurnInput input)
    {
        var snapshot = input.Review!;
        var view = new ReviewView(template, snapshot.State, snapshot.Answers);
        switch (input.Event)
        {
            case ThreadReplyEvent reply:
                var typed = ThreadInputParser.Parse(reply.Text);
                if (typed is { Word: ThreadWord.None, ExplicitQuestion: not null } && snapshot.State.Status == ReviewStatus.Active && view.ActiveSteps() is { Count: > 0 } active)
                {
                    if (active.Count > 1)
                        return ThreadReply(reply, ReviewMessages.UseAStepThread(view), reply.User.Id);
                    // What the step's thread would say about an aimed reply that lands nowhere is said here, where it was typed.
                    var questions = active[0].Questions.Count;
                    if (typed.ExplicitQuestion is not { } n || n < 1 || n > questions || string.IsNullOrWhiteSpace(typed.Text))
                        return ThreadReply(reply, ReviewMessages.Text($"**{active[0].Title}** has questions 1 to {questions}: `q1: …` … `q{questions}: …`, with the answer after the colon."), reply.User.Id);
                    var decision = steps.Decide(input with { StepId = active[0].Id });
                    if (decision.AwaitsPosts || decision.UpsertAnswers.FirstOrDefault(a => a.Id == reply.MessageId) is not { } landed)
                        return decision;
                    var note = new OutboundMessage($"evt:{reply.EventId}", snapshot.State.Channel, ReviewMessages.LandedOnStep(active[0], landed.QuestionIndex)) { ThreadId = reply.ThreadId };
                    return decision with { Messages = TurnBuilder.QueueOrder([.. decision.Messages, note]) };
                }
                return ThreadReply(reply, ReviewMessages.ReviewThreadHint(view), reply.User.Id);
            case ReplyEditedEvent or ReplyDeletedEvent:
                var messageId = input.Event is ReplyEditedEvent edit ? edit.MessageId : ((ReplyDeletedEvent)input.Event).MessageId;
                return snapshot.Answers.FirstOrDefault(a => a.Id == messageId) is { } answer
                    ? steps.Decide(input with { StepId = answer.StepId })
                    : Decision.ChannelOnly([]);
            default:
                return Decision.ChannelOnly([]);
        }
    }

    // A reply in the thread the event came from, keyed by the event so a retry is idempotent.
    private static Decision ThreadReply(ThreadReplyEvent reply, NeutralMessage body, string? visibleTo) =>
        Decision.ChannelOnly([new OutboundMessage($"evt:{reply.EventId}", reply.Channel, body) { ThreadId = reply.ThreadId, VisibleTo = visibleTo }]);
}
