using DesignBot.Core.Sizing;
using static DesignBot.Core.Tests.Sizing.SizingScenario;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>Members who give different values for one figure: which one the estimate uses, and that the others are shown.</summary>
public class SizingConflictTests
{
    private static readonly (string, string, string)[] s_base =
    [
        ("dau", "bob", "10M"), ("writes-per-user", "bob", "2"), ("read-write-ratio", "carol", "100:1"), ("text-size", "carol", "1 KB"),
        ("media-share", "bob", "100%"), ("retention", "alice", "5 years"), ("peak-factor", "bob", "3x"),
    ];

    private static IEnumerable<string> Lines(SizingEstimate estimate) => estimate.Inputs.Select(i => i.Text());

    [Fact]
    public void The_latest_value_is_used_and_the_earlier_one_is_listed_with_its_author()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "2 MB"), ("media-size", "carol", "50 KB")]);
        Assert.Contains("Media size: 50 KB (carol, latest) — bob said 2 MB", Lines(estimate));
        // 20M writes/day × 100% × 50 KB = 1 TB/day: what is used is what is shown.
        Assert.Equal("1 TB/day", Figure(estimate, "Media storage per day").Display);
    }

    [Fact]
    public void A_pinned_value_wins_over_later_ones_and_says_who_pinned_it()
    {
        var answers = Answers([.. s_base, ("media-size", "bob", "2 MB"), ("media-size", "carol", "50 KB")]);
        var bobs = answers.Single(a => a.Text == "2 MB");
        var estimate = Estimate(answers, [new SizingPin("sizing", "media-size", bobs.Id, "alice")]);
        Assert.Contains("Media size: 2 MB (bob, pinned by alice) — carol said 50 KB", Lines(estimate));
        // 20M × 2 MB = 40 TB/day.
        Assert.Equal("40 TB/day", Figure(estimate, "Media storage per day").Display);
    }

    [Fact]
    public void A_pin_on_a_deleted_answer_falls_back_to_the_latest()
    {
        var answers = Answers([.. s_base, ("media-size", "bob", "2 MB"), ("media-size", "carol", "50 KB")]);
        var estimate = Estimate(answers, [new SizingPin("sizing", "media-size", "gone", "alice")]);
        Assert.Contains("Media size: 50 KB (carol, latest) — bob said 2 MB", Lines(estimate));
    }

    [Fact]
    public void Six_members_answers_are_all_shown_beside_the_one_used()
    {
        var estimate = Estimate([.. s_base.Where(r => r.Item1 != "writes-per-user"),
            ("writes-per-user", "alice", "2"), ("writes-per-user", "bob", "3"), ("writes-per-user", "carol", "2-3"),
            ("writes-per-user", "dave", "1"), ("writes-per-user", "erin", "2"), ("writes-per-user", "frank", "1.5")]);
        Assert.Contains("Writes per user per day: 1.5 (frank, latest) — alice said 2, bob said 3, carol said 2–3, dave said 1, erin said 2", Lines(estimate));
        // 10M × 1.5 ÷ 86,400 = 173.6 writes/s.
        Assert.Equal("174 writes/s", Figure(estimate, "Average write QPS").Display);
    }

    [Fact]
    public void Members_who_agree_are_no_conflict()
    {
        var estimate = Estimate([.. s_base.Where(r => r.Item1 != "dau"), ("dau", "bob", "10M"), ("dau", "carol", "10 million")]);
        Assert.Contains("Daily active users: 10M (carol, latest)", Lines(estimate));
    }

    [Fact]
    public void A_members_later_answer_replaces_their_own_earlier_one()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "2 MB"), ("media-size", "bob", "originals 2 MB, thumbnails 50 KB")]);
        Assert.Equal(["Media size (originals): 2 MB (bob)", "Media size (thumbnails): 50 KB (bob)"], Lines(estimate).Where(l => l.StartsWith("Media size", StringComparison.Ordinal)));
        // No third "media" type counted twice: 20 GB text + 40 TB + 1 TB.
        Assert.Equal("41 TB/day", Figure(estimate, "Total storage per day").Display);
    }

    [Fact]
    public void Values_about_different_things_are_media_types_not_a_conflict()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "images ~2 MB"), ("media-size", "carol", "thumbnails 50 KB")]);
        Assert.Contains("Media size (images): 2 MB (bob)", Lines(estimate));
        Assert.Contains("Media size (thumbnails): 50 KB (carol)", Lines(estimate));
        Assert.DoesNotContain(Lines(estimate), l => l.Contains(" said ", StringComparison.Ordinal));
        Assert.Equal("40 TB/day", Figure(estimate, "Images storage per day").Display);
        Assert.Equal("1 TB/day", Figure(estimate, "Thumbnails storage per day").Display);
    }

    [Fact]
    public void Two_members_sizing_one_named_type_differently_is_a_conflict_on_that_type_only()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "images 2 MB, thumbnails 50 KB"), ("media-size", "carol", "images are 3 MB")]);
        Assert.Contains("Media size (images): 3 MB (carol, latest) — bob said 2 MB", Lines(estimate));
        Assert.Contains("Media size (thumbnails): 50 KB (bob)", Lines(estimate));
    }

    [Fact]
    public void Shares_per_type_follow_their_names_and_an_unnamed_share_is_the_rest()
    {
        var estimate = Estimate([.. s_base.Where(r => r.Item1 != "media-share"),
            ("media-size", "bob", "photos 2 MB, videos 50 MB"), ("media-share", "carol", "videos 5%, the rest 100%")]);
        // 20M × 100% × 2 MB = 40 TB/day; 20M × 5% × 50 MB = 50 TB/day.
        Assert.Equal("20M writes/day × 100% × 2 MB ≈ 40 TB/day", Figure(estimate, "Photos storage per day").Arithmetic);
        Assert.Equal("20M writes/day × 5% × 50 MB ≈ 50 TB/day", Figure(estimate, "Videos storage per day").Arithmetic);
    }

    [Fact]
    public void A_share_naming_no_media_type_is_asked_about()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "images 2 MB, thumbnails 50 KB"), ("read-mix", "carol", "thumbnails 90%, originals 10%")]);
        Assert.Contains("The share of reads names \"originals\", which is no media type given with a size (images, thumbnails) — which type is it?", estimate.Notes);
        // Images are read by no share then: 1 KB + 0% × 2 MB + 90% × 50 KB = 46 KB.
        Assert.Equal("46 KB", Figure(estimate, "Average read size").Display);
    }

    [Fact]
    public void Regions_are_taken_whole_and_other_members_regions_listed()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "0"), ("regions", "bob", "all in the US"), ("regions", "carol", "60% EU, 40% US")]);
        Assert.Contains("Users by region: 60% EU, 40% US (carol, latest) — bob said \"all in the US\"", Lines(estimate));
    }

    [Fact]
    public void A_size_without_a_unit_is_kept_as_text_named_as_missing_and_withholds_totals()
    {
        var estimate = Estimate([.. s_base, ("media-size", "bob", "1e7")]);
        Assert.Equal(["Q5 (bob): I couldn't read a size from \"1e7\": 1e7 what — bytes, KB, MB or GB? — kept as text, not used until it is answered as `q5: …`."], estimate.Unread);
        Assert.Contains("media size (its unit)", estimate.Missing);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Total", StringComparison.Ordinal) || f.Group == "Bandwidth");

        var answered = Estimate([.. s_base, ("media-size", "bob", "1e7"), ("media-size", "bob", "1e7 bytes")]);
        Assert.Empty(answered.Unread);
        Assert.Equal("10 MB", answered.Inputs.Single(i => i.Name == "Media size").Value);
    }

    [Theory]
    [InlineData("5 years", "× 1,825 days (5 years)")]
    [InlineData("60 months", "× 1,825 days (60 months)")]
    [InlineData("18 months", "× 547.5 days (18 months)")]
    [InlineData("2 weeks", "× 14 days (2 weeks)")]
    [InlineData("90d", "× 90 days ≈")]
    [InlineData("36 hours", "× 1.5 days (36 hours)")]
    [InlineData("3-5 years", "× 1,095–1,825 days (3-5 years)")]
    public void Retention_uses_one_rule_for_months_and_years_and_echoes_the_members_words(string retention, string expected)
    {
        var estimate = Estimate([.. s_base.Where(r => r.Item1 != "retention"), ("retention", "alice", retention)]);
        Assert.Contains(expected, Figure(estimate, "Text storage over retention").Arithmetic, StringComparison.Ordinal);
    }

    [Fact]
    public void The_estimate_states_its_unit_rules() =>
        Assert.Contains("a year 365 days and a month a twelfth of it", SizingEstimate.Rules, StringComparison.Ordinal);
}
