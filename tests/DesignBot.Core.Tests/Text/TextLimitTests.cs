using System.Globalization;
using System.Text;
using DesignBot.Core.Messages;
using DesignBot.Core.Text;

namespace DesignBot.Core.Tests.Text;

public class TextLimitTests
{
    // Every UTF-16 unit of the result belongs to a whole text element of the original: no lone surrogate,
    // no emoji without its modifier, no letter without its combining mark.
    private static void AssertWholeElementsOf(string original, string shortened, int max)
    {
        Assert.True(shortened.Length <= max, $"{shortened.Length} > {max}");
        Assert.EndsWith(TextLimit.Ellipsis, shortened);
        var kept = shortened[..^TextLimit.Ellipsis.Length];
        Assert.StartsWith(kept, original, StringComparison.Ordinal);
        var boundaries = new HashSet<int>();
        for (int i = 0; i < original.Length; i += StringInfo.GetNextTextElementLength(original.AsSpan(i)))
            boundaries.Add(i);
        Assert.Contains(kept.Length, boundaries);
        // Encoding strictly fails on a lone surrogate.
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(shortened);
    }

    [Fact]
    public void Short_text_is_kept_as_it_is()
    {
        Assert.Equal("🧨🧨", TextLimit.Shorten("🧨🧨", 4));
        Assert.Equal("abc", TextLimit.Shorten("abc", 3));
    }

    [Theory]
    [InlineData(140)]
    [InlineData(141)]
    [InlineData(2)]
    public void A_run_of_emoji_is_cut_between_emoji(int max)
    {
        var title = string.Concat(Enumerable.Repeat("🧨", 1_000));
        var shortened = TextLimit.Shorten(title, max);
        AssertWholeElementsOf(title, shortened, max);
        Assert.DoesNotContain('\uFFFD', shortened);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Zwj_sequences_and_skin_tones_stay_whole(int max)
    {
        // Family (man, woman, girl joined by ZWJ), a thumbs-up with a skin tone, a flag (two regional indicators).
        var text = "ab👨‍👩‍👧👍🏽🇳🇱 and more text after it";
        var shortened = TextLimit.Shorten(text, max);
        AssertWholeElementsOf(text, shortened, max);
    }

    [Fact]
    public void A_letter_keeps_its_combining_marks()
    {
        var text = "Cafe\u0301 Cafe\u0301 Cafe\u0301"; // é as e + combining acute accent
        Assert.Equal("Cafe\u0301…", TextLimit.Shorten(text, 6));
        // One unit short of the accent: the e goes with it rather than lose its mark.
        Assert.Equal("Caf…", TextLimit.Shorten(text, 5));
    }

    [Fact]
    public void A_review_title_of_emoji_shows_whole_emoji_in_the_card()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start " + string.Concat(Enumerable.Repeat("🧨", 1_000)));
        Assert.EndsWith("🧨…", chat.Review!.Title);
        // The core says it all; a renderer fits the header into its platform (a 150-character header, as Slack's).
        var limits = new PlatformLimits(HeaderChars: 150, TextChars: 3_000, ItemChars: 300, FieldValueChars: 2_000, Fields: 10, TableRows: 50, Blocks: 50, TotalChars: 12_000);
        var header = MessageFitter.Fit(chat.ChannelBotMessages[0].Body!, limits).Blocks.OfType<HeaderBlock>().Single().Text;
        Assert.True(header.Length <= 150);
        Assert.EndsWith("🧨…", header);
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(header);
    }
}
