using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Templates;
using DesignBot.Testing;

namespace DesignBot.Core.Tests.Templates;

/// <summary>Reviews on each shipped template, `--template` and `/design templates`, as a team sees them in the chat.</summary>
public class TemplateReviewTests
{
    public static TheoryData<string> ShippedTemplates() => [.. TemplateLoader.BuiltIn.Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(ShippedTemplates))]
    public void A_review_on_each_shipped_template_runs_from_start_to_summary_on_its_own_steps(string templateId)
    {
        var template = TemplateCatalog.BuiltIn.Find(templateId)!;
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", $"start Orders API --template {templateId}");

        Assert.Equal(templateId, chat.Review!.TemplateId);
        Assert.Equal("Orders API", chat.Review.Title);
        var card = ChatSimulator.AllText(chat.ChannelBotMessages[0]);
        Assert.Contains($"▶ {template.Steps[0].ShortTitle} 0/{template.Steps[0].Questions.Count}", card);
        Assert.Contains($"Step 1/{template.Steps.Count}: {template.Steps[0].Title}", chat.ChannelBotMessages[1].Text);

        var typed = new List<string>();
        var turn = 0;
        foreach (var step in template.Steps)
        {
            Assert.True(chat.HasThread(step.Id), $"step {step.Id} should be open by now");
            for (var i = 0; i < step.Questions.Count; i++)
            {
                Assert.Contains($"Q{i + 1}/{step.Questions.Count}: {step.Questions[i].Prompt}", chat.LastBotMessageIn(step.Id).Text);
                var text = TestAnswers.For(step.Questions[i], turn);
                chat.Reply(TestAnswers.Members[turn++ % 3], step.Id, text);
                typed.Add(text);
            }
            Assert.Contains("is done", ChatSimulator.AllText(chat.LastBotMessageIn(step.Id)));
        }

        Assert.Equal(ReviewStatus.Completed, chat.Review!.Status);
        var summary = ChatSimulator.AllText(chat.ChannelBotMessages.Single(m => m.Text.StartsWith("Design summary: Orders API", StringComparison.Ordinal)));
        foreach (var (step, n) in template.Steps.Select((s, i) => (s, i + 1)))
            Assert.Contains($"**{n}. {step.ShortTitle}** ({step.Questions.Count}/{step.Questions.Count})", summary);
        Assert.Contains("Open items:** none", summary);
        // Only a template with a sizing step has a sizing headline.
        if (template.SizingStep is null)
            Assert.DoesNotContain("Sizing", summary, StringComparison.Ordinal);
        else
            Assert.Contains("Peak write QPS", summary, StringComparison.Ordinal);
        var finalCard = ChatSimulator.AllText(chat.ChannelBotMessages[0]);
        Assert.Contains(string.Join(" · ", template.Steps.Select(s => $"✓ {s.ShortTitle} {s.Questions.Count}/{s.Questions.Count}")), finalCard);
        var document = Markdig.Markdown.ToPlainText(DesignDocument.Markdown(chat.View, new ReviewLinks("p", "m")));
        Assert.All(typed, text => Assert.Contains(text, document));
    }

    [Fact]
    public void Start_without_a_template_uses_the_system_design_review()
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", "start URL shortener");
        Assert.Equal("system-design", chat.Review!.TemplateId);
        Assert.Contains("Step 1/6", chat.ChannelBotMessages[1].Text);
    }

    [Theory]
    [InlineData("start Orders --template api-reveiw", "There is no template `api-reveiw`")]
    [InlineData("start Orders --template", "`--template` needs a template id")]
    public void An_unknown_template_starts_nothing_and_lists_the_ids_for_the_asker(string command, string said)
    {
        var text = RefusedStart(command);
        Assert.Contains(said, text);
        Assert.Contains("so no review was started", text);
        foreach (var template in TemplateCatalog.BuiltIn.All)
            Assert.Contains($"`{template.Id}` ({template.Title})", text);
    }

    [Theory]
    [InlineData("start Orders --tempalte api-review --due friday", "`--tempalte`", "Nothing was started.")]
    [InlineData("start Orders --template api-review --deu friday", "`--deu`", "Nothing was started.")]
    [InlineData("start Move to --parallel-safe queue", "`--parallel-safe`", "Nothing was started.")]
    public void A_misspelt_start_option_starts_nothing_and_says_which_options_start_takes(string command, string named, string said)
    {
        var text = RefusedStart(command);
        Assert.Contains($"I don't know the option {named}", text);
        Assert.Contains("`start` takes `--template`, `--due`, `--tz`, `--parallel`", text);
        Assert.Contains(said, text);
        // No "Starting…" goes out first either.
        Assert.Null(ReviewEngine.Acknowledge(new CommandEvent("e1", ChatSimulator.Channel, new UserRef("U-alice", "alice"), DateTimeOffset.UnixEpoch, command)));
    }

    [Fact]
    public void A_misspelt_option_of_another_command_does_nothing_and_says_so()
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", "start Orders --due 2030-01-10");
        var before = chat.Review!.Schedule.Deadline;
        chat.Command("alice", "due 2030-02-01 --tx Europe/Berlin");

        Assert.Equal(before, chat.Review!.Schedule.Deadline);
        var text = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("I don't know the option `--tx`: `due` takes `--tz`, `--review`. Nothing was done.", text);
    }

    /// <summary>Alice's start that starts nothing: no review, one reply for her alone; its text.</summary>
    private static string RefusedStart(string command)
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", command);

        Assert.Null(chat.Review);
        Assert.Empty(chat.ChannelReviews);
        var reply = Assert.Single(chat.ChannelBotMessages);
        Assert.Equal("U-alice", reply.VisibleTo);
        return ChatSimulator.AllText(reply);
    }

    [Fact]
    public void Template_ids_are_matched_whatever_their_case()
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", "start Orders --template API-Review");
        Assert.Equal("api-review", chat.Review!.TemplateId);
    }

    [Fact]
    public void Templates_lists_each_template_by_id_with_its_title_and_steps_for_the_asker_only()
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("bob", "templates");

        var reply = Assert.Single(chat.ChannelBotMessages);
        Assert.Equal("U-bob", reply.VisibleTo);
        var table = Assert.Single(reply.Body!.Blocks.OfType<TableBlock>());
        Assert.Equal(["Id", "Title", "Steps"], table.Columns);
        Assert.Equal(
            [
                "system-design | System design review (default) | Scope · API · Data model · Sizing · High-level · Detailed",
                "api-review | API review | Consumers · Resources · Errors · Auth · Rollout",
                "short-design | Short design review | Scope · API · High-level",
            ],
            table.Rows.Select(r => string.Join(" | ", r)));
        Assert.Contains("`/design start <title> --template <id>`", ChatSimulator.AllText(reply));
        Assert.Null(chat.Review);
    }

    [Fact]
    public void Two_reviews_on_different_templates_in_one_channel_each_follow_their_own()
    {
        var chat = new ChatSimulator(TemplateCatalog.BuiltIn);
        chat.Command("alice", "start Payments");
        var payments = chat.Review!.Id;
        chat.Command("bob", "start Orders API --template api-review");
        var orders = chat.Review!.Id;

        chat.Reply("carol", "consumers", "The mobile app and two partner integrations");
        Assert.Contains("Q2/3: What do they use it for", chat.LastBotMessageIn("consumers").Text);

        chat.Command("alice", $"status {payments}");
        var status = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("▶ **Scope** waits on Q1/10", status);
        Assert.Contains("Next: API, Data model, Sizing, High-level, Detailed", status);

        chat.Command("bob", $"status {orders}");
        status = ChatSimulator.AllText(chat.ChannelBotMessages[^1]);
        Assert.Contains("▶ **Consumers** waits on Q2/3", status);
        Assert.Contains("Next: Resources, Errors, Auth, Rollout", status);
    }

    [Fact]
    public void A_review_whose_template_is_no_longer_loaded_changes_nothing_and_says_why()
    {
        var team = TemplateLoader.Parse("id: team-review\ntitle: Team review\nsteps:\n  - id: only\n    title: Only\n    questions:\n      - id: ready\n        prompt: Ready?\n        kind: confirm\n", "team.yaml");
        var before = new ReviewEngine(new TemplateCatalog([.. TemplateLoader.BuiltIn, team]), new Links());
        var user = new UserRef("U1", "alice");
        var channel = new ChannelRef("test", "C1");
        var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var started = before.Decide(new TurnInput(new CommandEvent("e1", channel, user, at, "start Launch --template team-review"), at) { NewReviewId = "r1" });
        var state = started.NewState!;
        Assert.Equal("team-review", state.TemplateId);

        // The host restarts without the team's file.
        var after = new ReviewEngine(TemplateCatalog.BuiltIn, new Links());
        var snapshot = new ReviewSnapshot(state, [], ReviewSnapshot.NothingPosted, "v1");
        var reply = after.Decide(new TurnInput(new ThreadReplyEvent("e2", channel, user, at.AddMinutes(1), "t1", "m1", "yes"), at.AddMinutes(1)) { Review = snapshot, StepId = "only" });
        var status = after.Decide(new TurnInput(new CommandEvent("e3", channel, user, at.AddMinutes(2), "status"), at.AddMinutes(2)) { Review = snapshot });

        foreach (var decision in new[] { reply, status })
        {
            Assert.Null(decision.NewState);
            Assert.Empty(decision.UpsertAnswers);
            var message = Assert.Single(decision.Messages);
            Assert.Equal("U1", message.VisibleTo);
            Assert.Contains("follows the template `team-review`, which this host no longer loads", ChatSimulator.AllText(message.Body));
        }
    }

    private sealed class Links : IReviewLinks
    {
        public ReviewLinks For(string reviewId) => new($"https://bot.example/reviews/{reviewId}", $"https://bot.example/reviews/{reviewId}.md");
    }
}
