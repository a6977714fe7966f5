using DesignBot.Core.Sizing;

namespace DesignBot.Core.Tests.Sizing;

public class SizingEstimatorTests
{
    private static Quantity Q(string text, QuantityKind kind)
    {
        Assert.True(QuantityParser.TryParse(text, kind, out var q, out var error), error);
        return q;
    }

    // "Social": 10M DAU, 2 writes/day, 100:1, 2 KB text, 200 KB media on 10% of writes, 3 years, 3x peak,
    // replication not given (default 3).
    private static readonly SizingInputs Social = new(
        Q("10M", QuantityKind.Count), Q("2", QuantityKind.Count), Q("100:1", QuantityKind.Ratio),
        Q("2 KB", QuantityKind.Bytes), Q("200 KB", QuantityKind.Bytes), Q("10%", QuantityKind.Percent),
        Q("3 years", QuantityKind.Duration), Q("3x", QuantityKind.Multiplier), null, "us-east, eu-west");

    // "Chat": 1M DAU, 10 writes/day, 5:1, 1 KB text, no media, 90 days, 2x peak, 2 replicas.
    private static readonly SizingInputs Chat = new(
        Q("1M", QuantityKind.Count), Q("10", QuantityKind.Count), Q("5:1", QuantityKind.Ratio),
        Q("1 KB", QuantityKind.Bytes), null, null,
        Q("90 days", QuantityKind.Duration), Q("2x", QuantityKind.Multiplier), Q("2", QuantityKind.Multiplier), null);

    private static SizingInputs Scenario(string name) => name switch
    {
        "social" => Social,
        "chat" => Chat,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static SizingFigure Figure(SizingEstimate estimate, string name) =>
        Assert.Single(estimate.Figures, f => f.Name == name);

    private static bool Has(SizingEstimate estimate, string name) => estimate.Figures.Any(f => f.Name == name);

    [Theory]
    // Social. Writes/day = 10M × 2 = 20,000,000.
    [InlineData("social", "Writes per day", "Traffic", "writes/day", 20e6, "20M writes/day", "10M DAU × 2 writes/day ≈ 20M writes/day")]
    // 20,000,000 ÷ 86,400 = 231.4814…
    [InlineData("social", "Average write QPS", "Traffic", "req/s", 231.481481, "231 req/s", "10M DAU × 2 writes/day ÷ 86,400 s ≈ 231 writes/s")]
    // 231.48 × 3 = 694.44…
    [InlineData("social", "Peak write QPS", "Traffic", "req/s", 694.444444, "694 req/s", "231 writes/s × 3 (peak) ≈ 694 writes/s")]
    // 231.48 × 100 = 23,148.1…
    [InlineData("social", "Average read QPS", "Traffic", "req/s", 23_148.148148, "23,148 req/s", "231 writes/s × 100 reads/write ≈ 23,148 reads/s")]
    // 694.44 × 100 = 69,444.4…
    [InlineData("social", "Peak read QPS", "Traffic", "req/s", 69_444.444444, "69,444 req/s", "694 writes/s × 100 reads/write ≈ 69,444 reads/s")]
    // 20M × 2,000 B = 4e10 = 40 GB
    [InlineData("social", "Text storage per day", "Storage", "bytes/day", 4e10, "40 GB/day", "20M writes/day × 2 KB ≈ 40 GB/day")]
    // 4e10 × 365 = 1.46e13
    [InlineData("social", "Text storage per year", "Storage", "bytes", 1.46e13, "14.6 TB", "40 GB/day × 365 days ≈ 14.6 TB")]
    // 4e10 × 1,095 = 4.38e13
    [InlineData("social", "Text storage over retention", "Storage", "bytes", 4.38e13, "43.8 TB", "40 GB/day × 1,095 days (3 years) ≈ 43.8 TB")]
    // 20M × 0.1 × 200,000 B = 4e11 = 400 GB
    [InlineData("social", "Media storage per day", "Storage", "bytes/day", 4e11, "400 GB/day", "20M writes/day × 10% × 200 KB ≈ 400 GB/day")]
    // 4e11 × 365 = 1.46e14
    [InlineData("social", "Media storage per year", "Storage", "bytes", 1.46e14, "146 TB", "400 GB/day × 365 days ≈ 146 TB")]
    // 4e11 × 1,095 = 4.38e14
    [InlineData("social", "Media storage over retention", "Storage", "bytes", 4.38e14, "438 TB", "400 GB/day × 1,095 days (3 years) ≈ 438 TB")]
    // 4e10 + 4e11 = 4.4e11
    [InlineData("social", "Total storage per day", "Storage", "bytes/day", 4.4e11, "440 GB/day", "40 GB/day text + 400 GB/day media ≈ 440 GB/day")]
    // 4.4e11 × 365 = 1.606e14
    [InlineData("social", "Total storage per year", "Storage", "bytes", 1.606e14, "161 TB", "440 GB/day × 365 days ≈ 161 TB")]
    // 4.4e11 × 1,095 = 4.818e14
    [InlineData("social", "Total storage over retention", "Storage", "bytes", 4.818e14, "482 TB", "440 GB/day × 1,095 days (3 years) ≈ 482 TB")]
    // 1.606e14 × 3 = 4.818e14
    [InlineData("social", "Total storage per year with replication", "Storage", "bytes", 4.818e14, "482 TB", "161 TB × 3 replicas (default) ≈ 482 TB")]
    // 4.818e14 × 3 = 1.4454e15
    [InlineData("social", "Total storage over retention with replication", "Storage", "bytes", 1.4454e15, "1.45 PB", "482 TB × 3 replicas (default) ≈ 1.45 PB")]
    // 2,000 + 0.1 × 200,000 = 22,000
    [InlineData("social", "Average write size", "Bandwidth", "bytes", 22_000, "22 KB", "2 KB + 10% × 200 KB ≈ 22 KB")]
    // 231.4814… × 22,000 = 5,092,592.6
    [InlineData("social", "Average ingress", "Bandwidth", "bytes/s", 5_092_592.592593, "5.09 MB/s", "231 writes/s × 22 KB ≈ 5.09 MB/s")]
    // 694.444… × 22,000 = 15,277,777.8
    [InlineData("social", "Peak ingress", "Bandwidth", "bytes/s", 15_277_777.777778, "15.3 MB/s", "694 writes/s × 22 KB ≈ 15.3 MB/s")]
    // 23,148.148… × 22,000 = 509,259,259.3
    [InlineData("social", "Average egress", "Bandwidth", "bytes/s", 509_259_259.259259, "509 MB/s", "23,148 reads/s × 22 KB ≈ 509 MB/s")]
    // 69,444.444… × 22,000 = 1,527,777,777.8
    [InlineData("social", "Peak egress", "Bandwidth", "bytes/s", 1_527_777_777.777778, "1.53 GB/s", "69,444 reads/s × 22 KB ≈ 1.53 GB/s")]
    // Chat. Writes/day = 1M × 10 = 10,000,000; ÷ 86,400 = 115.7407…
    [InlineData("chat", "Average write QPS", "Traffic", "req/s", 115.740741, "116 req/s", "1M DAU × 10 writes/day ÷ 86,400 s ≈ 116 writes/s")]
    // 115.74 × 2 = 231.48…
    [InlineData("chat", "Peak write QPS", "Traffic", "req/s", 231.481481, "231 req/s", "116 writes/s × 2 (peak) ≈ 231 writes/s")]
    // 115.74 × 5 = 578.70…
    [InlineData("chat", "Average read QPS", "Traffic", "req/s", 578.703704, "579 req/s", "116 writes/s × 5 reads/write ≈ 579 reads/s")]
    // 231.48 × 5 = 1,157.41…
    [InlineData("chat", "Peak read QPS", "Traffic", "req/s", 1_157.407407, "1,157 req/s", "231 writes/s × 5 reads/write ≈ 1,157 reads/s")]
    // 10M × 1,000 B = 1e10
    [InlineData("chat", "Text storage per day", "Storage", "bytes/day", 1e10, "10 GB/day", "10M writes/day × 1 KB ≈ 10 GB/day")]
    // 1e10 × 90 = 9e11; the user said days, so no "(90 days)" echo
    [InlineData("chat", "Text storage over retention", "Storage", "bytes", 9e11, "900 GB", "10 GB/day × 90 days ≈ 900 GB")]
    [InlineData("chat", "Total storage per day", "Storage", "bytes/day", 1e10, "10 GB/day", "10 GB/day text ≈ 10 GB/day")]
    // 1e10 × 365 × 2 = 7.3e12
    [InlineData("chat", "Total storage per year with replication", "Storage", "bytes", 7.3e12, "7.3 TB", "3.65 TB × 2 replicas ≈ 7.3 TB")]
    // 9e11 × 2 = 1.8e12
    [InlineData("chat", "Total storage over retention with replication", "Storage", "bytes", 1.8e12, "1.8 TB", "900 GB × 2 replicas ≈ 1.8 TB")]
    [InlineData("chat", "Average write size", "Bandwidth", "bytes", 1_000, "1 KB", "1 KB (text only) ≈ 1 KB")]
    // 115.74 × 1,000 = 115,740.7
    [InlineData("chat", "Average ingress", "Bandwidth", "bytes/s", 115_740.740741, "116 KB/s", "116 writes/s × 1 KB ≈ 116 KB/s")]
    // 1,157.407 × 1,000 = 1,157,407.4
    [InlineData("chat", "Peak egress", "Bandwidth", "bytes/s", 1_157_407.407407, "1.16 MB/s", "1,157 reads/s × 1 KB ≈ 1.16 MB/s")]
    public void Figures_match_hand_computation(
        string scenario, string name, string group, string unit, double value, string display, string arithmetic)
    {
        var figure = Figure(SizingEstimator.Estimate(Scenario(scenario)), name);
        Assert.Equal(group, figure.Group);
        Assert.Equal(unit, figure.Unit);
        Assert.Equal(value, figure.Value, value * 1e-8); // expectations carry ~9 significant digits
        Assert.Equal(display, figure.Display);
        Assert.Equal(arithmetic, figure.Arithmetic);
    }

    [Theory]
    [InlineData("social", 21)] // 5 traffic, 3 text + 3 media + 3 total + 2 replicated, 5 bandwidth
    [InlineData("chat", 18)] // no media lines: 5 traffic, 3 text + 3 total + 2 replicated, 5 bandwidth
    public void Complete_inputs_give_every_figure_in_group_order(string scenario, int count)
    {
        var estimate = SizingEstimator.Estimate(Scenario(scenario));
        Assert.True(estimate.IsComplete);
        Assert.Empty(estimate.Missing);
        Assert.Equal(count, estimate.Figures.Count);
        var groups = estimate.Figures.Select(f => f.Group).Distinct().ToArray();
        Assert.Equal(["Traffic", "Storage", "Bandwidth"], groups);
        Assert.All(estimate.Figures, f => Assert.Contains("≈", f.Arithmetic, StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_given_names_every_needed_input_in_order()
    {
        var estimate = SizingEstimator.Estimate(new SizingInputs(null, null, null, null, null, null, null, null, null, null));
        Assert.Empty(estimate.Figures);
        Assert.False(estimate.IsComplete);
        Assert.Equal(
            ["daily active users", "writes per user per day", "read:write ratio", "average text size per write", "retention", "peak factor"],
            estimate.Missing);
    }

    [Theory]
    [InlineData("daily active users")]
    [InlineData("writes per user per day")]
    public void Missing_traffic_base_means_no_figures_at_all(string missingName)
    {
        var inputs = missingName == "daily active users"
            ? Social with { DailyActiveUsers = null }
            : Social with { WritesPerUserPerDay = null };
        var estimate = SizingEstimator.Estimate(inputs);
        Assert.Empty(estimate.Figures);
        Assert.Equal([missingName], estimate.Missing);
    }

    [Fact]
    public void Missing_peak_factor_omits_peak_figures_and_names_it()
    {
        var estimate = SizingEstimator.Estimate(Social with { PeakFactor = null });
        Assert.Equal(["peak factor"], estimate.Missing);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Peak", StringComparison.Ordinal));
        Assert.True(Has(estimate, "Average write QPS"));
        Assert.True(Has(estimate, "Average egress"));
    }

    [Fact]
    public void Missing_ratio_omits_reads_and_egress()
    {
        var estimate = SizingEstimator.Estimate(Social with { ReadWriteRatio = null });
        Assert.Equal(["read:write ratio"], estimate.Missing);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.Contains("read", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Figures, f => f.Name.Contains("egress", StringComparison.Ordinal));
        Assert.True(Has(estimate, "Peak ingress"));
    }

    [Fact]
    public void Missing_retention_omits_retention_figures_but_keeps_yearly()
    {
        var estimate = SizingEstimator.Estimate(Social with { Retention = null });
        Assert.Equal(["retention"], estimate.Missing);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.Contains("retention", StringComparison.Ordinal));
        Assert.Equal(4.818e14, Figure(estimate, "Total storage per year with replication").Value, 1.0);
    }

    [Fact]
    public void Media_size_without_share_names_share_and_withholds_media_totals_and_bandwidth()
    {
        var estimate = SizingEstimator.Estimate(Social with { MediaShareOfWrites = null });
        Assert.Equal(["share of writes with media"], estimate.Missing);
        Assert.True(Has(estimate, "Text storage per day"));
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Media", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Total", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Figures, f => f.Group == "Bandwidth");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("0 KB")]
    public void No_media_size_means_text_only_and_share_not_needed(string? mediaSize)
    {
        var media = mediaSize is null ? (Quantity?)null : Q(mediaSize, QuantityKind.Bytes);
        var estimate = SizingEstimator.Estimate(Social with { MediaSizePerWrite = media, MediaShareOfWrites = null });
        Assert.True(estimate.IsComplete);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Media", StringComparison.Ordinal));
        Assert.Equal(4e10, Figure(estimate, "Total storage per day").Value, 1.0);
        Assert.Equal(2_000, Figure(estimate, "Average write size").Value, 1e-9);
    }

    [Fact]
    public void Missing_text_size_keeps_media_lines_but_no_totals_or_bandwidth()
    {
        var estimate = SizingEstimator.Estimate(Social with { TextSizePerWrite = null });
        Assert.Equal(["average text size per write"], estimate.Missing);
        Assert.Equal(4e11, Figure(estimate, "Media storage per day").Value, 1.0);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Total", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Figures, f => f.Group == "Bandwidth");
    }

    [Fact]
    public void Several_missing_inputs_are_all_named()
    {
        var estimate = SizingEstimator.Estimate(Social with { DailyActiveUsers = null, Retention = null, PeakFactor = null });
        Assert.Equal(["daily active users", "retention", "peak factor"], estimate.Missing);
        Assert.Empty(estimate.Figures);
    }

    [Fact]
    public void Default_replication_is_stated_and_given_replication_is_not_called_default()
    {
        var defaulted = Figure(SizingEstimator.Estimate(Social), "Total storage per year with replication");
        Assert.Contains("× 3 replicas (default)", defaulted.Arithmetic, StringComparison.Ordinal);

        var given = Figure(SizingEstimator.Estimate(Social with { ReplicationFactor = Q("2x", QuantityKind.Multiplier) }),
            "Total storage per year with replication");
        Assert.Contains("× 2 replicas", given.Arithmetic, StringComparison.Ordinal);
        Assert.DoesNotContain("default", given.Arithmetic, StringComparison.Ordinal);
        Assert.Equal(1.606e14 * 2, given.Value, 1.0);
    }

    [Theory]
    [InlineData("3 years", "× 1,095 days (3 years)")]
    [InlineData("18 months", "× 540 days (18 months)")]
    [InlineData("2 weeks", "× 14 days (2 weeks)")]
    [InlineData("90d", "× 90 days ≈")]
    [InlineData("36 hours", "× 1.5 days (36 hours)")]
    public void Retention_arithmetic_echoes_the_users_words(string retention, string expectedPiece)
    {
        var estimate = SizingEstimator.Estimate(Social with { Retention = Q(retention, QuantityKind.Duration) });
        Assert.Contains(expectedPiece, Figure(estimate, "Text storage over retention").Arithmetic, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east, eu-west", "us-east, eu-west")]
    [InlineData("  global  ", "global")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Regions_pass_through(string? regions, string? expected) =>
        Assert.Equal(expected, SizingEstimator.Estimate(Social with { Regions = regions }).Regions);

    [Fact]
    public void Wrong_kind_is_a_wiring_bug()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SizingEstimator.Estimate(Social with { DailyActiveUsers = Q("10 MB", QuantityKind.Bytes) }));
        Assert.Contains("DailyActiveUsers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_inputs_throw() =>
        Assert.Throws<ArgumentNullException>(() => SizingEstimator.Estimate(null!));
}
