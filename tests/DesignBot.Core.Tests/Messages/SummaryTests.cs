using DesignBot.Core.Dialogs;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Testing;

namespace DesignBot.Core.Tests.Messages;

/// <summary>The summary design card summarises: one screen, whatever the team wrote; the document has the rest.</summary>
public class SummaryTests
{
    private static readonly ReviewLinks s_links = SampleReview.Links;

    /// <summary>Every question answered by all three members at length, every step finished.</summary>
    private static ReviewView LongFullReview()
    {
        var template = TemplateLoader.Default;
        var started = SampleReview.FullyAnswered("Photo sharing for a very large community of photographers").Review;
        var answers = new List<Answer>(started.Answers);
        var extra = 0;
        foreach (var step in template.Steps)
        {
            for (var i = 0; i < step.Questions.Count; i++)
            {
                foreach (var member in new[] { "dave", "erin" })
                {
                    var text = string.Concat(Enumerable.Repeat($"{member} thinks about Q{i + 1} at length, with a second line\nand more. ", 8));
                    answers.Add(new Answer($"x{extra++}", step.Id, step.Questions[i].Id, i, new($"U-{member}", member), text, null, SampleReview.StartedAt.AddHours(1 + extra), null));
                }
            }
        }
        var finished = template.Steps.Aggregate(started.State, (s, step) => s.WithSession(new StepSession(step.Id, s.Session(step.Id).Dialog with { Status = DialogStatus.Completed })))
            with { Status = ReviewStatus.Completed, FinishedAt = SampleReview.StartedAt.AddDays(1) };
        return new ReviewView(template, finished, answers);
    }

    private static int TotalChars(NeutralMessage message) => ChatSimulator.AllText(message).Length;

    [Fact]
    public void A_full_review_with_long_answers_fits_one_screen()
    {
        var summary = ReviewMessages.Summary(LongFullReview(), s_links);

        Assert.InRange(summary.Blocks.Count, 1, 12);
        Assert.InRange(TotalChars(summary), 1, 3_000);
        // Every line is one line: no member's line breaks, nothing longer than a line of a card.
        foreach (var line in ChatSimulator.AllText(summary).Split('\n'))
            Assert.InRange(line.Length, 0, 300);
    }

    [Fact]
    public void It_holds_key_answers_per_step_the_sizing_headline_open_items_participants_and_the_links()
    {
        var summary = ReviewMessages.Summary(LongFullReview(), s_links);
        var text = ChatSimulator.AllText(summary);

        // Per step: the first three answered questions, one line each, and how many more the document has.
        Assert.Contains("**1. Scope** (10/10)", text);
        Assert.Contains("• _Why do we need this system? What problem does i…_ — <b>answer</b> 0 & more (alice, +2 more)", text);
        Assert.Contains("…and 7 more answered in the design document", text);
        Assert.Contains("**2. API** (3/3)", text);
        Assert.DoesNotContain("…and 0 more", text);
        // The sizing headline figures, from the estimator: 10M DAU × 2 writes/day, 100:1, peak 3x.
        Assert.Contains("Peak write QPS: 694 writes/s", text);
        Assert.Contains("Peak read QPS: 69,444 reads/s", text);
        Assert.Contains("Storage per year: ", text);
        Assert.Contains("Peak egress: ", text);
        Assert.DoesNotContain("Arithmetic", text);
        Assert.Contains("**Open items:** none — every question has an answer.", text);
        Assert.Contains("Participants: alice, bob, carol, dave, erin", text);
        Assert.Contains("Design document: https://bot.example/reviews/r1?sig=x", text);
    }

    [Fact]
    public void Open_items_are_only_finished_steps_unanswered_questions_and_the_rest_is_not_reached_yet()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos");
        chat.Reply("bob", "scope", "To share photos");
        chat.Reply("bob", "scope", "skip");
        chat.Reply("bob", "scope", "done"); // Scope finished: Q2 skipped, Q3–Q10 unanswered

        chat.Command("alice", "summary");

        var text = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("**Open items (9):**", text);
        Assert.Contains("• Scope Q2: Who is our user? (skipped)", text);
        Assert.Contains("• Scope Q3: What can users do? (unanswered)", text);
        Assert.Contains("…and 6 more in the design document", text);
        Assert.DoesNotContain("API Q1", text);
        var notReached = chat.Template.Steps.Skip(1).Sum(s => s.Questions.Count);
        Assert.Contains($"_{notReached} questions not reached yet._", text);
        Assert.Contains("**2. API** (0/3) — not reached yet", text);
        Assert.Contains("Sizing:** not estimated yet, missing: daily active users", text);
    }

    [Fact]
    public void A_question_left_for_its_stated_default_is_no_open_item()
    {
        var replication = TemplateLoader.Default.Step("sizing").Questions.Single(q => q.Id == "replication");
        Assert.Equal(Core.Sizing.SizingEstimator.DefaultReplicationFactor.ToString(System.Globalization.CultureInfo.InvariantCulture), replication.Default);

        var chat = new ChatSimulator();
        chat.Command("alice", "start Photos --parallel");
        foreach (var q in chat.Template.Step("sizing").Questions)
            chat.Reply("bob", "sizing", q.Id == "replication" ? "skip" : TestAnswers.For(q, 0));

        chat.Command("alice", "summary");

        var text = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.DoesNotContain("Sizing Q9", text);
        Assert.Contains("**Open items:** none so far.", text);
    }

    [Fact]
    public void Discussion_is_not_a_key_answer_nor_counted_as_answered()
    {
        var review = SampleReview.With("Feed", [("scope", 0, "bob", "To show a feed")]);
        var talk = new Answer("d1", "scope", "users", 1, new("U-carol", "carol"), "Should we ask the PM?", null, SampleReview.StartedAt.AddHours(1), null) { Kind = AnswerKind.Discussion };
        var withTalk = new ReviewView(review.Template, review.State, [.. review.Answers, talk]);

        var text = ChatSimulator.AllText(ReviewMessages.Summary(withTalk, s_links));

        Assert.Contains("**1. Scope** (1/10)", text);
        Assert.DoesNotContain("Should we ask the PM?", text);
        Assert.Contains("1 answer", text);
        Assert.False(withTalk.IsAnswered("scope", 1));
    }
}
