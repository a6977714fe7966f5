using DesignBot.Core.Sizing;
using static DesignBot.Core.Tests.Sizing.SizingScenario;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>
/// Four systems answered as a team would, every figure computed by hand (the comments) and compared with what the
/// estimate shows and the arithmetic it shows for it.
/// </summary>
public class SizingEstimatorTests
{
    // 10M DAU, 2 writes/day, 100:1, 2 KB text, 200 KB media on 10% of writes, 3 years, 3x peak, replication skipped (default 3).
    private static readonly (string, string, string)[] s_social =
    [
        ("dau", "bob", "10M"), ("writes-per-user", "bob", "2"), ("read-write-ratio", "carol", "100:1"), ("text-size", "carol", "2 KB"),
        ("media-size", "bob", "200 KB"), ("media-share", "bob", "10%"), ("retention", "alice", "3 years"), ("peak-factor", "bob", "3x"),
    ];

    // Photo sharing: a 2 MB original and a 50 KB thumbnail per upload; reads fetch thumbnails 90%, originals 10%; a CDN serves 95%.
    private static readonly (string, string, string)[] s_photos =
    [
        ("api:design", "alice", "uploadPhoto(albumId, bytes) → photoId; listFeed(cursor) → photos"),
        ("dau", "bob", "About 10M DAU"), ("writes-per-user", "bob", "about 2 uploads per user per day"), ("read-write-ratio", "carol", "100:1 reads to writes"),
        ("text-size", "carol", "about 1 KB per photo (caption, tags, EXIF)"), ("media-size", "bob", "originals ~2 MB, thumbnails 50 KB"),
        ("media-share", "carol", "every upload carries a photo, so 100%"), ("retention", "alice", "5 years"), ("peak-factor", "bob", "peak is 3x average"),
        ("read-mix", "carol", "thumbnails 90%, originals 10%"), ("cdn-hit-ratio", "bob", "95% from the CDN"),
    ];

    // URL shortener: 1M DAU creating 1-1.5 links a day (a range), 500 bytes a link, no media, kept 60 months, 3 replicas said.
    private static readonly (string, string, string)[] s_shortener =
    [
        ("api:design", "alice", "shorten(longUrl) → code; GET /{code} redirects to the long URL"),
        ("dau", "bob", "1M"), ("writes-per-user", "bob", "1-1.5"), ("read-write-ratio", "carol", "100:1"), ("text-size", "carol", "500 bytes"),
        ("media-size", "bob", "0"), ("retention", "alice", "60 months"), ("peak-factor", "bob", "2x"), ("replication", "alice", "3"),
    ];

    // Chat: 50M DAU × 40 messages, read 5 times each, 200 bytes, no media, a year, 2x peak, users 60% EU, 30% US, 10% APAC.
    private static readonly (string, string, string)[] s_chat =
    [
        ("api:design", "alice", "send(conversationId, text); history(conversationId, cursor) → messages"),
        ("dau", "bob", "50M"), ("writes-per-user", "bob", "40"), ("read-write-ratio", "carol", "5:1"), ("text-size", "carol", "200 bytes"),
        ("media-size", "bob", "none"), ("retention", "alice", "1 year"), ("peak-factor", "bob", "2x"), ("replication", "alice", "3"),
        ("regions", "carol", "60% EU, 30% US, 10% APAC"),
    ];

    private static SizingEstimate Of(string scenario) => Estimate(scenario switch
    {
        "social" => s_social,
        "photos" => s_photos,
        "shortener" => s_shortener,
        "chat" => s_chat,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    });

    [Theory]
    // Social. 10M × 2 = 20M writes/day; ÷ 86,400 = 231.48/s; × 3 = 694.4; × 100 = 23,148 and 69,444.
    [InlineData("social", "Writes per day", "20M writes/day", "10M DAU × 2 writes/day ≈ 20M writes/day")]
    [InlineData("social", "Average write QPS", "231 writes/s", "10M DAU × 2 writes/day ÷ 86,400 s ≈ 231 writes/s")]
    [InlineData("social", "Peak write QPS", "694 writes/s", "231 writes/s × 3 (peak) ≈ 694 writes/s")]
    [InlineData("social", "Average read QPS", "23,148 reads/s", "231 writes/s × 100 reads/write ≈ 23,148 reads/s")]
    [InlineData("social", "Peak read QPS", "69,444 reads/s", "694 writes/s × 100 reads/write ≈ 69,444 reads/s")]
    // 20M × 2,000 B = 40 GB/day; × 365 = 14.6 TB = 13.3 TiB (÷ 2^40); × 1,095 = 43.8 TB = 39.8 TiB.
    [InlineData("social", "Text storage per day", "40 GB/day", "20M writes/day × 2 KB ≈ 40 GB/day")]
    [InlineData("social", "Text storage per year", "14.6 TB (13.3 TiB)", "40 GB/day × 365 days ≈ 14.6 TB (13.3 TiB)")]
    [InlineData("social", "Text storage over retention", "43.8 TB (39.8 TiB)", "40 GB/day × 1,095 days (3 years) ≈ 43.8 TB (39.8 TiB)")]
    // 20M × 10% × 200 KB = 400 GB/day; × 365 = 146 TB = 133 TiB.
    [InlineData("social", "Media storage per day", "400 GB/day", "20M writes/day × 10% × 200 KB ≈ 400 GB/day")]
    [InlineData("social", "Media storage per year", "146 TB (133 TiB)", "400 GB/day × 365 days ≈ 146 TB (133 TiB)")]
    [InlineData("social", "Total storage per day", "440 GB/day", "40 GB/day text + 400 GB/day media ≈ 440 GB/day")]
    // 440 GB × 365 = 160.6 TB; × 3 = 481.8 TB = 438 TiB; over 1,095 days 481.8 TB × 3 = 1.445 PB = 1.28 PiB (÷ 2^50).
    [InlineData("social", "Total storage per year with replication", "482 TB (438 TiB)", "161 TB × 3 replicas (default) ≈ 482 TB (438 TiB)")]
    [InlineData("social", "Total storage over retention with replication", "1.45 PB (1.28 PiB)", "482 TB × 3 replicas (default) ≈ 1.45 PB (1.28 PiB)")]
    // 2 KB + 10% × 200 KB = 22 KB; 231.48 × 22 KB = 5.09 MB/s = 40.7 Mbit/s; 69,444 × 22 KB = 1.53 GB/s = 12.2 Gbit/s.
    [InlineData("social", "Average write size", "22 KB", "2 KB + 10% × 200 KB ≈ 22 KB")]
    [InlineData("social", "Average ingress", "5.09 MB/s (40.7 Mbit/s)", "231 writes/s × 22 KB ≈ 5.09 MB/s (40.7 Mbit/s)")]
    [InlineData("social", "Peak ingress", "15.3 MB/s (122 Mbit/s)", "694 writes/s × 22 KB ≈ 15.3 MB/s (122 Mbit/s)")]
    [InlineData("social", "Average read size", "22 KB", "22 KB: a read fetches what a write stores (no share of reads per media type given)")]
    [InlineData("social", "Average egress", "509 MB/s (4.07 Gbit/s)", "23,148 reads/s × 22 KB ≈ 509 MB/s (4.07 Gbit/s)")]
    [InlineData("social", "Peak egress", "1.53 GB/s (12.2 Gbit/s)", "69,444 reads/s × 22 KB ≈ 1.53 GB/s (12.2 Gbit/s)")]
    // Photos. Text 20M × 1 KB = 20 GB/day; originals 20M × 100% × 2 MB = 40 TB/day, × 365 = 14.6 PB = 13 PiB;
    // thumbnails 20M × 50 KB = 1 TB/day, × 1,825 = 1.825 PB = 1.62 PiB.
    [InlineData("photos", "Text storage per day", "20 GB/day", "20M writes/day × 1 KB ≈ 20 GB/day")]
    [InlineData("photos", "Originals storage per day", "40 TB/day", "20M writes/day × 100% × 2 MB ≈ 40 TB/day")]
    [InlineData("photos", "Originals storage per year", "14.6 PB (13 PiB)", "40 TB/day × 365 days ≈ 14.6 PB (13 PiB)")]
    [InlineData("photos", "Thumbnails storage per day", "1 TB/day", "20M writes/day × 100% × 50 KB ≈ 1 TB/day")]
    [InlineData("photos", "Thumbnails storage over retention", "1.83 PB (1.62 PiB)", "1 TB/day × 1,825 days (5 years) ≈ 1.83 PB (1.62 PiB)")]
    // 20 GB + 40 TB + 1 TB = 41.02 TB/day; × 365 = 14.97 PB, × 3 = 44.9 PB = 39.9 PiB; × 1,825 = 74.9 PB, × 3 = 224.6 PB = 199 PiB.
    [InlineData("photos", "Total storage per day", "41 TB/day", "20 GB/day text + 40 TB/day originals + 1 TB/day thumbnails ≈ 41 TB/day")]
    [InlineData("photos", "Total storage per year with replication", "44.9 PB (39.9 PiB)", "15 PB × 3 replicas (default) ≈ 44.9 PB (39.9 PiB)")]
    [InlineData("photos", "Total storage over retention with replication", "225 PB (199 PiB)", "74.9 PB × 3 replicas (default) ≈ 225 PB (199 PiB)")]
    // A write stores 1 KB + 2 MB + 50 KB = 2.051 MB: 231.48 × 2.051 MB = 474.8 MB/s = 3.8 Gbit/s.
    [InlineData("photos", "Average write size", "2.05 MB", "1 KB + 100% × 2 MB originals + 100% × 50 KB thumbnails ≈ 2.05 MB")]
    [InlineData("photos", "Average ingress", "475 MB/s (3.8 Gbit/s)", "231 writes/s × 2.05 MB ≈ 475 MB/s (3.8 Gbit/s)")]
    // A read fetches 1 KB + 10% × 2 MB + 90% × 50 KB = 246 KB: 23,148 × 246 KB = 5.69 GB/s = 45.6 Gbit/s; peak 17.1 GB/s = 137 Gbit/s.
    [InlineData("photos", "Average read size", "246 KB", "1 KB + 10% × 2 MB originals + 90% × 50 KB thumbnails ≈ 246 KB")]
    [InlineData("photos", "Average egress", "5.69 GB/s (45.6 Gbit/s)", "23,148 reads/s × 246 KB ≈ 5.69 GB/s (45.6 Gbit/s)")]
    [InlineData("photos", "Peak egress", "17.1 GB/s (137 Gbit/s)", "69,444 reads/s × 246 KB ≈ 17.1 GB/s (137 Gbit/s)")]
    // The origin serves the text and the 5% of 245 KB of media the CDN misses: 1 KB + 12.25 KB = 13.25 KB;
    // 23,148 × 13.25 KB = 306.7 MB/s = 2.45 Gbit/s; 69,444 × 13.25 KB = 920 MB/s = 7.36 Gbit/s.
    [InlineData("photos", "Origin read size", "13.3 KB", "1 KB + 245 KB media × 5% missed by the CDN (95% hits) ≈ 13.3 KB")]
    [InlineData("photos", "Average origin egress", "307 MB/s (2.45 Gbit/s)", "23,148 reads/s × 13.3 KB ≈ 307 MB/s (2.45 Gbit/s)")]
    [InlineData("photos", "Peak origin egress", "920 MB/s (7.36 Gbit/s)", "69,444 reads/s × 13.3 KB ≈ 920 MB/s (7.36 Gbit/s)")]
    // Shortener, both ends of 1-1.5: 1M–1.5M writes/day; ÷ 86,400 = 11.57–17.36/s; × 2 = 23.1–34.7; × 100 = 2,315–3,472.
    [InlineData("shortener", "Writes per day", "1M–1.5M writes/day", "1M DAU × 1–1.5 writes/day ≈ 1M–1.5M writes/day")]
    [InlineData("shortener", "Average write QPS", "11.6–17.4 writes/s", "1M DAU × 1–1.5 writes/day ÷ 86,400 s ≈ 11.6–17.4 writes/s")]
    [InlineData("shortener", "Peak write QPS", "23.1–34.7 writes/s", "11.6–17.4 writes/s × 2 (peak) ≈ 23.1–34.7 writes/s")]
    [InlineData("shortener", "Average read QPS", "1,157–1,736 reads/s", "11.6–17.4 writes/s × 100 reads/write ≈ 1,157–1,736 reads/s")]
    [InlineData("shortener", "Peak read QPS", "2,315–3,472 reads/s", "23.1–34.7 writes/s × 100 reads/write ≈ 2,315–3,472 reads/s")]
    // 500 bytes × 1M–1.5M = 500–750 MB/day; 60 months = 1,825 days (a month is 365/12 days): 912.5 GB–1.37 TB = 850 GiB–1.24 TiB.
    [InlineData("shortener", "Text storage per day", "500–750 MB/day", "1M–1.5M writes/day × 500 bytes ≈ 500–750 MB/day")]
    [InlineData("shortener", "Text storage over retention", "913 GB–1.37 TB (850 GiB–1.24 TiB)", "500–750 MB/day × 1,825 days (60 months) ≈ 913 GB–1.37 TB (850 GiB–1.24 TiB)")]
    // × 365 = 182.5–273.75 GB, × 3 given replicas = 547.5–821.25 GB; over retention × 3 = 2.74–4.11 TB = 2.49–3.73 TiB.
    [InlineData("shortener", "Total storage per year with replication", "548–821 GB", "183–274 GB × 3 replicas ≈ 548–821 GB")]
    [InlineData("shortener", "Total storage over retention with replication", "2.74–4.11 TB (2.49–3.73 TiB)", "913 GB–1.37 TB × 3 replicas ≈ 2.74–4.11 TB (2.49–3.73 TiB)")]
    // 11.57–17.36 × 500 B = 5.79–8.68 KB/s = 46.3–69.4 kbit/s; 2,315–3,472 × 500 B = 1.16–1.74 MB/s = 9.26–13.9 Mbit/s.
    [InlineData("shortener", "Average write size", "500 bytes", "500 bytes (text only) ≈ 500 bytes")]
    [InlineData("shortener", "Average ingress", "5.79–8.68 KB/s (46.3–69.4 kbit/s)", "11.6–17.4 writes/s × 500 bytes ≈ 5.79–8.68 KB/s (46.3–69.4 kbit/s)")]
    [InlineData("shortener", "Peak egress", "1.16–1.74 MB/s (9.26–13.9 Mbit/s)", "2,315–3,472 reads/s × 500 bytes ≈ 1.16–1.74 MB/s (9.26–13.9 Mbit/s)")]
    // Chat. 50M × 40 = 2B/day = 23,148/s; peak 46,296; reads × 5: 231,481 at peak. 2B × 200 B = 400 GB/day; a year 146 TB = 133 TiB.
    [InlineData("chat", "Average write QPS", "23,148 writes/s", "50M DAU × 40 writes/day ÷ 86,400 s ≈ 23,148 writes/s")]
    [InlineData("chat", "Peak read QPS", "231,481 reads/s", "46,296 writes/s × 5 reads/write ≈ 231,481 reads/s")]
    [InlineData("chat", "Text storage over retention", "146 TB (133 TiB)", "400 GB/day × 365 days (1 year) ≈ 146 TB (133 TiB)")]
    [InlineData("chat", "Total storage per year with replication", "438 TB (398 TiB)", "146 TB × 3 replicas ≈ 438 TB (398 TiB)")]
    // 231,481 × 200 B = 46.3 MB/s = 370 Mbit/s.
    [InlineData("chat", "Peak egress", "46.3 MB/s (370 Mbit/s)", "231,481 reads/s × 200 bytes ≈ 46.3 MB/s (370 Mbit/s)")]
    // Per region: 60% × 46,296 = 27,778 writes/s; 30% × 231,481 = 69,444 reads/s; 10% × 46.3 MB/s = 4.63 MB/s = 37 Mbit/s.
    [InlineData("chat", "Peak write QPS in EU", "27,778 writes/s", "60% × 46,296 writes/s ≈ 27,778 writes/s")]
    [InlineData("chat", "Peak read QPS in US", "69,444 reads/s", "30% × 231,481 reads/s ≈ 69,444 reads/s")]
    [InlineData("chat", "Peak egress in APAC", "4.63 MB/s (37 Mbit/s)", "10% × 46.3 MB/s (370 Mbit/s) ≈ 4.63 MB/s (37 Mbit/s)")]
    public void Figures_and_their_arithmetic_match_hand_computation(string scenario, string name, string display, string arithmetic)
    {
        var figure = Figure(Of(scenario), name);
        Assert.Equal(display, figure.Display);
        Assert.Equal(arithmetic, figure.Arithmetic);
    }

    [Theory]
    // Raw values behind the displays, both ends: 231.48 writes/s; 1,825-day retention of 41.02 TB/day × 3; 1.5M × 500 B.
    [InlineData("social", "Average write QPS", 231.481481, 231.481481)]
    [InlineData("photos", "Total storage over retention with replication", 2.245845e17, 2.245845e17)]
    [InlineData("photos", "Peak egress", 17_083_333_333.3333, 17_083_333_333.3333)]
    [InlineData("shortener", "Average write QPS", 11.574074, 17.361111)]
    [InlineData("shortener", "Text storage per day", 5e8, 7.5e8)]
    [InlineData("chat", "Peak egress in EU", 27_777_777.7778, 27_777_777.7778)]
    public void Values_carry_both_ends(string scenario, string name, double low, double high)
    {
        var figure = Figure(Of(scenario), name);
        Assert.Equal(low, figure.Low, low * 1e-8);
        Assert.Equal(high, figure.Value, high * 1e-8);
    }

    [Theory]
    [InlineData("social", "Peak read QPS|69,444 reads/s", "Peak write QPS|694 writes/s", "Storage per year|482 TB (438 TiB)", "Peak egress|1.53 GB/s (12.2 Gbit/s)")]
    [InlineData("photos", "Peak read QPS|69,444 reads/s", "Peak write QPS|694 writes/s", "Storage per year|44.9 PB (39.9 PiB)", "Peak egress|17.1 GB/s (137 Gbit/s)")]
    [InlineData("shortener", "Peak read QPS|2,315–3,472 reads/s", "Peak write QPS|23.1–34.7 writes/s", "Storage per year|548–821 GB", "Peak egress|1.16–1.74 MB/s (9.26–13.9 Mbit/s)")]
    public void The_headline_is_peak_reads_peak_writes_storage_per_year_and_peak_egress(string scenario, params string[] expected) =>
        Assert.Equal(expected, Of(scenario).Headline.Select(h => $"{h.Label}|{h.Figure.Display}"));

    [Fact]
    public void A_range_of_writes_runs_through_every_figure_to_the_headline()
    {
        // 10M × 2–3 = 20M–30M writes/day ÷ 86,400 = 231.5–347.2 writes/s; × 3 peak = 694–1,042.
        var estimate = Estimate([.. s_social.Where(r => r.Item1 != "writes-per-user"), ("writes-per-user", "bob", "2-3")]);
        Assert.Equal("231–347 writes/s", Figure(estimate, "Average write QPS").Display);
        Assert.Equal("694–1,042 writes/s", estimate.Headline.Single(h => h.Label == "Peak write QPS").Figure.Display);
        Assert.All(estimate.Figures.Where(f => f.Name != "Average write size" && f.Name != "Average read size"), f => Assert.Contains("–", f.Display, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("social", "Reads outnumber writes 100:1, but the API step has no answers yet — which API serves the reads?",
        "Peak reads of 69,444 reads/s are about 6.9× what one database typically serves (~10,000 queries/s) — a cache, read replicas or partitions?",
        "Text and metadata grow to 43.8 TB (39.8 TiB) over retention: about 44 shards of 1 TB each before replication — what is the partition key?")]
    [InlineData("photos",
        "Peak reads of 69,444 reads/s are about 6.9× what one database typically serves (~10,000 queries/s) — a cache, read replicas or partitions?",
        "Text and metadata grow to 36.5 TB (33.2 TiB) over retention: about 37 shards of 1 TB each before replication — what is the partition key?",
        "Peak egress is 17.1 GB/s (137 Gbit/s), above the ~100 Gbit/s one region's CDN typically serves — several CDNs, more regions, or smaller renditions?")]
    [InlineData("shortener",
        "Text and metadata grow to 913 GB–1.37 TB (850 GiB–1.24 TiB) over retention: about 1–2 shards of 1 TB each before replication — what is the partition key?")]
    [InlineData("chat",
        "Peak writes of 46,296 writes/s are about 9.3× what one database primary typically takes (~5,000 writes/s) — partitioned writes, or a queue in front?",
        "Peak reads of 231,481 reads/s are about 23× what one database typically serves (~10,000 queries/s) — a cache, read replicas or partitions?",
        "Text and metadata grow to 146 TB (133 TiB) over retention: about 146 shards of 1 TB each before replication — what is the partition key?")]
    public void Figures_out_of_proportion_are_asked_as_questions_for_the_detailed_design(string scenario, params string[] notes) =>
        Assert.Equal(notes, Of(scenario).Notes);

    [Fact]
    public void A_read_heavy_ratio_with_no_read_call_in_the_api_is_asked_about()
    {
        var estimate = Estimate([("api:design", "alice", "createUrl(apiKey, longUrl) → shortUrl"), .. s_social]);
        Assert.Contains("Reads outnumber writes 100:1, but the API step names no read call (get, list, feed, search…) — which API serves the reads?", estimate.Notes);
    }

    [Fact]
    public void A_team_that_plans_several_cdns_is_not_asked_about_one_regions_capacity()
    {
        var estimate = Estimate([.. s_photos, ("regions", "carol", "global, multi-CDN")]);
        Assert.DoesNotContain(estimate.Notes, n => n.Contains("CDN typically serves", StringComparison.Ordinal));
    }

    [Fact]
    public void Regions_that_do_not_add_up_are_asked_about_and_split_as_given()
    {
        var estimate = Estimate([.. s_chat.Where(r => r.Item1 != "regions"), ("regions", "carol", "EU 60%, US 30%")]);
        Assert.Contains("The regions add up to 90% of users, not 100% — where are the others?", estimate.Notes);
        Assert.Equal("27,778 writes/s", Figure(estimate, "Peak write QPS in EU").Display);
        Assert.Equal("13,889 writes/s", Figure(estimate, "Peak write QPS in US").Display);
    }

    [Fact]
    public void Regions_without_shares_are_kept_as_text_and_split_nothing()
    {
        var estimate = Estimate([.. s_chat.Where(r => r.Item1 != "regions"), ("regions", "carol", "mostly Europe")]);
        Assert.Equal("mostly Europe", estimate.Regions);
        Assert.DoesNotContain(estimate.Figures, f => f.Group == "Regions");
    }

    [Fact]
    public void Defaults_are_used_and_said()
    {
        var estimate = Of("social");
        Assert.Contains("Replication: 3x (default)", estimate.Inputs.Select(i => i.Text()));
        Assert.Contains("CDN hit ratio: 0% (default)", estimate.Inputs.Select(i => i.Text()));
        Assert.Null(estimate.Figure("Origin read size")); // no CDN: the origin serves every read, said by the egress figures alone
    }

    [Fact]
    public void Nothing_given_names_every_needed_input_in_order()
    {
        var estimate = Estimate();
        Assert.Empty(estimate.Figures);
        Assert.False(estimate.IsComplete);
        Assert.Equal(
            ["daily active users", "writes per user per day", "read:write ratio", "average text size per write", "retention", "peak factor"],
            estimate.Missing);
    }

    [Fact]
    public void Media_size_without_share_names_share_and_withholds_totals_and_bandwidth()
    {
        var estimate = Estimate([.. s_social.Where(r => r.Item1 != "media-share")]);
        Assert.Equal(["share of writes with media"], estimate.Missing);
        Assert.NotNull(estimate.Figure("Text storage per day"));
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Total", StringComparison.Ordinal) || f.Group == "Bandwidth");
    }

    [Fact]
    public void Missing_peak_factor_omits_peak_figures_and_names_it()
    {
        var estimate = Estimate([.. s_social.Where(r => r.Item1 != "peak-factor")]);
        Assert.Equal(["peak factor"], estimate.Missing);
        Assert.DoesNotContain(estimate.Figures, f => f.Name.StartsWith("Peak", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Headline, h => h.Label.StartsWith("Peak", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_kind_is_a_wiring_bug()
    {
        Assert.True(QuantityParser.TryParse("10 MB", QuantityKind.Bytes, out var bytes, out _));
        var ex = Assert.Throws<ArgumentException>(() => SizingEstimator.Estimate(new SizingInputs { DailyActiveUsers = bytes }));
        Assert.Contains("DailyActiveUsers", ex.Message, StringComparison.Ordinal);
    }
}
