using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Testing;

namespace DesignBot.Core.Tests.Messages;

/// <summary>`/design export adr`: one architecture decision record (MADR) per decision the team gave.</summary>
public class DecisionRecordsTests
{
    private static ReviewView Review() => SampleReview.With("Photos", [
        ("detailed", 12, "bob", "- Cache: Redis over Memcached because we need sorted sets — introduces a cluster to run\n- Postgres for metadata instead of DynamoDB or Cassandra"),
        ("detailed", 7, "carol", "Shard photos by user id"),
        ("detailed", 0, "alice", "The API gateway is a single point of failure"),
    ]);

    [Fact]
    public void Each_decision_line_of_the_decisions_section_is_one_record()
    {
        var records = DecisionRecords.From(Review());
        // Questions feeding the decisions section, in template order; a risk answer is no decision.
        Assert.Equal(["Shard photos by user id", "Cache: Redis", "Postgres for metadata"], records.Select(r => r.Title));
        Assert.Equal([1, 2, 3], records.Select(r => r.Number));
        var redis = records[1];
        Assert.Equal(["Redis (chosen)", "Memcached"], redis.Options);
        Assert.Equal("we need sorted sets", redis.Reason);
        Assert.Equal("introduces a cluster to run", redis.Consequences);
        Assert.Equal("bob", redis.Decider);
        Assert.Equal("proposed", redis.Status);
        Assert.Equal(["Postgres for metadata (chosen)", "DynamoDB", "Cassandra"], records[2].Options);
        Assert.Null(records[2].Reason);
    }

    [Fact]
    public void Code_a_member_fenced_is_no_decision()
    {
        var review = SampleReview.With("Photos", [
            ("detailed", 12, "bob", "Redis over Memcached\n```yaml\ncache: redis; ttl: 60\nreplicas: 3\n```\nPostgres for metadata"),
        ]);
        Assert.Equal(["Redis", "Postgres for metadata"], DecisionRecords.From(review).Select(r => r.Title));
    }

    [Fact]
    public void A_template_without_a_records_section_has_no_decision_records()
    {
        var plain = DesignBot.Core.Templates.TemplateLoader.Parse("""
            id: plain
            sections:
              - id: notes
                heading: Notes
            steps:
              - id: one
                title: One
                section: notes
                questions:
                  - id: q
                    prompt: Which store?
                    kind: text
            """, "plain.yaml");
        var state = new ReviewState("r1", "plain", "Plain", new DesignBot.Core.Events.UserRef("U1", "alice"), new DesignBot.Core.Events.ChannelRef("test", "C1"), false, ReviewStatus.Active,
            DateTimeOffset.UnixEpoch, null, [new StepSession("one", DesignBot.Core.Dialogs.DialogState.New)], 0);
        var answer = new Answer("m1", "one", "q", 0, new DesignBot.Core.Events.UserRef("U1", "alice"), "Postgres over MySQL", null, DateTimeOffset.UnixEpoch, null);
        Assert.Empty(DecisionRecords.From(new ReviewView(plain, state, [answer])));
    }

    [Fact]
    public void The_file_has_the_MADR_sections_for_every_record()
    {
        var markdown = DecisionRecords.Markdown(Review(), SampleReview.Links);
        Assert.Equal(3, CountOf(markdown, "\n## ADR "));
        foreach (var heading in new[] { "### Context and Problem Statement", "### Considered Options", "### Decision Outcome", "### Consequences", "- Status: proposed" })
            Assert.Equal(3, CountOf(markdown, heading));
        Assert.Contains("## ADR 2: Cache: Redis\n", markdown);
        Assert.Contains("Chosen option: \"Redis\", because we need sorted sets.", markdown);
        Assert.Contains("- Introduces a cluster to run", markdown);
        Assert.Contains("Chosen option: \"Shard photos by user id\" — _no reason was recorded with it._", markdown);
        Assert.Contains("- _No other option was recorded with this decision._", markdown);
    }

    [Fact]
    public void A_finished_review_records_accepted_decisions_and_member_text_is_escaped()
    {
        var started = SampleReview.With("Photos", [("detailed", 12, "bob", "Use <Album> over [x](javascript:alert(1))")]);
        var review = new ReviewView(started.Template, started.State with { Status = ReviewStatus.Completed }, started.Answers);
        var markdown = DecisionRecords.Markdown(review, SampleReview.Links);
        Assert.Contains("- Status: accepted", markdown);
        Assert.Contains("## ADR 1: Use \\<Album\\>", markdown);
        Assert.Contains("- \\[x\\](javascript\\:alert(1))", markdown);
    }

    [Fact]
    public void No_decisions_yet_says_so()
    {
        var markdown = DecisionRecords.Markdown(SampleReview.With("Photos", []), SampleReview.Links);
        Assert.Contains("_No decisions recorded yet", markdown);
        Assert.DoesNotContain("## ADR", markdown);
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
