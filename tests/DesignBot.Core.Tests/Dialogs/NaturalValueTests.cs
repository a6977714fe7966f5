using System.Globalization;
using DesignBot.Core.Dialogs;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Dialogs;

/// <summary>
/// Replies as members type them, read by the real template's questions (so kinds and units are the real ones): what is
/// read is what a person means, and the text kept is what they typed.
/// </summary>
public class NaturalValueTests
{
    private static Prompt PromptFor(string stepId, string questionId) =>
        Prompt.For(TemplateLoader.Default.Step(stepId).Questions.Single(q => q.Id == questionId));

    private static PromptResult Read(string stepId, string questionId, string reply) => PromptFor(stepId, questionId).Recognize(reply);

    /// <summary>What a reader of the answer would say was read: the option, the figure (a range as low..high), or the text.</summary>
    private static string ValueRead(PromptResult result) =>
        result.Choice
        ?? (result.Number is { } number
            ? (result.Low is { } low ? $"{Figure(low)}..{Figure(number)}" : Figure(number))
            : $"text: {result.Text}");

    private static string Figure(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Every example of issue 9's first two bullets, on the question it answered; figures in the estimate's base units
    // (bytes, days, fractions for a share).
    [Theory]
    [InlineData("sizing", "writes-per-user", "about 2 uploads per user per day", "2")]
    [InlineData("sizing", "writes-per-user", "about 2", "2")]
    [InlineData("sizing", "writes-per-user", "~2", "2")]
    [InlineData("sizing", "writes-per-user", "2/day", "2")]
    [InlineData("sizing", "writes-per-user", "2-3", "2..3")]
    [InlineData("sizing", "read-write-ratio", "100:1 reads to writes", "100")]
    [InlineData("sizing", "read-write-ratio", "100x", "100")]
    [InlineData("sizing", "text-size", "about 1 KB per photo (…)", "1000")]
    [InlineData("sizing", "text-size", "about 1 KB per photo (caption, EXIF, tags)", "1000")]
    [InlineData("sizing", "media-size", "images ~2 MB, thumbnails 50 KB", "2000000")]
    [InlineData("sizing", "media-size", "2 megabytes", "2000000")]
    [InlineData("sizing", "media-share", "every upload carries a photo, so 100%", "1")]
    [InlineData("sizing", "media-share", "all", "1")]
    [InlineData("sizing", "media-share", "every", "1")]
    [InlineData("sizing", "retention", "keep for 5 years", "1825")]
    [InlineData("sizing", "retention", "5 years, then cold storage", "1825")]
    [InlineData("sizing", "peak-factor", "peak 3x", "3")]
    [InlineData("sizing", "peak-factor", "peak is 3x average", "3")]
    [InlineData("sizing", "dau", "~10M", "10000000")]
    [InlineData("sizing", "dau", "10M (year one target)", "10000000")]
    [InlineData("sizing", "dau", "About 10M DAU, maybe 12M next year", "10000000")]
    [InlineData("data-model", "coverage", "Mostly yes — but notifications are not modelled", "yes")]
    [InlineData("data-model", "coverage", "Yes, except notifications", "yes")]
    [InlineData("data-model", "coverage", "yes, except…", "yes")]
    [InlineData("data-model", "coverage", "not really", "no")]
    [InlineData("data-model", "coverage", "No, analytics are missing", "no")]
    [InlineData("data-model", "structure", "Mostly structured (…)", "structured")]
    [InlineData("data-model", "structure", "Mostly structured (users, photos, follows)", "structured")]
    [InlineData("data-model", "schema", "Fixed for the core tables; EXIF … flexible JSONB column", "mixed")]
    [InlineData("data-model", "schema", "Fixed for the core tables; EXIF metadata goes in a flexible JSONB column", "mixed")]
    [InlineData("scope", "push-pull", "Both: notifications are push, the feed is pull", "text: Both: notifications are push, the feed is pull")]
    public void Every_example_of_the_issue_reads_to_what_its_author_means(string stepId, string questionId, string reply, string expected)
    {
        var result = Read(stepId, questionId, reply);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(expected, ValueRead(result));
        Assert.Equal(reply, result.Text); // the member's words and case, whatever was read
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("sizing", "dau", "10-12M", "10000000..12000000")]
    [InlineData("sizing", "dau", "10M-12M DAU", "10000000..12000000")]
    [InlineData("sizing", "writes-per-user", "2 to 3 a day", "2..3")]
    [InlineData("sizing", "retention", "3-5 years", "1095..1825")]
    [InlineData("sizing", "text-size", "1-2 KB", "1000..2000")]
    [InlineData("sizing", "peak-factor", "2-3x at launch", "2..3")]
    [InlineData("sizing", "media-share", "10-20%", "0.1..0.2")]
    public void A_range_keeps_both_ends_and_uses_the_high_one(string stepId, string questionId, string reply, string expected) =>
        Assert.Equal(expected, ValueRead(Read(stepId, questionId, reply)));

    [Theory]
    [InlineData("sizing", "dau", "we run v2 of the API on S3 with p99 under 200ms")]
    [InlineData("sizing", "dau", "EC2 and 2FA for everyone")]
    [InlineData("sizing", "dau", "same as in release 1.2.3")]
    [InlineData("sizing", "dau", "since 2026-12-01")]
    [InlineData("sizing", "dau", "+1")]
    [InlineData("sizing", "peak-factor", "HTTP/2 everywhere")]
    public void A_number_inside_a_word_an_id_a_version_or_a_date_is_not_taken(string stepId, string questionId, string reply) =>
        Assert.False(Read(stepId, questionId, reply).Succeeded);

    [Theory]
    [InlineData("sizing", "dau", "v2 launches with 10M users", "10000000")]
    [InlineData("sizing", "retention", "S3 for 5 years, then Glacier", "1825")]
    [InlineData("sizing", "read-write-ratio", "1:100 writes to reads", "100")]
    [InlineData("sizing", "read-write-ratio", "read heavy, about 100 to 1", "100")]
    [InlineData("sizing", "read-write-ratio", "somewhere from 50 to 100", "50..100")]
    [InlineData("sizing", "media-share", "1 in 10 uploads", "0.1")]
    [InlineData("sizing", "media-share", "not all, maybe half", "0.5")]
    [InlineData("sizing", "media-share", "30", "0.3")]
    [InlineData("sizing", "peak-factor", "x3 in the evening", "3")]
    [InlineData("sizing", "peak-factor", "about double the average", "2")]
    [InlineData("sizing", "replication", "3 replicas across zones", "3")]
    [InlineData("sizing", "media-size", "0", "0")]
    [InlineData("sizing", "media-size", "none, text only", "0")]
    public void Values_are_found_anywhere_in_a_sentence(string stepId, string questionId, string reply, string expected) =>
        Assert.Equal(expected, ValueRead(Read(stepId, questionId, reply)));

    [Theory]
    [InlineData("sizing", "dau", "lots", "I couldn't read a number from \"lots\"")]
    [InlineData("sizing", "media-size", "512", "I couldn't read a size from \"512\": 512 what — bytes, KB, MB or GB?")]
    [InlineData("sizing", "text-size", "about 2 per post", "I couldn't read a size from \"about 2 per post\": 2 what — bytes, KB, MB or GB?")]
    [InlineData("sizing", "retention", "5, then cold storage", "I couldn't read a duration from \"5, then cold storage\": it needs a unit (days, months or years)")]
    [InlineData("sizing", "media-share", "not all", "I couldn't read a percentage from \"not all\"")]
    [InlineData("data-model", "structure", "maybe", "I couldn't read a choice (structured, semi-structured, unstructured or mixed) from \"maybe\"")]
    [InlineData("data-model", "coverage", "depends on the PM", "I couldn't read yes or no from \"depends on the PM\"")]
    public void What_cannot_be_read_is_said_in_one_short_line_and_the_text_is_still_there(string stepId, string questionId, string reply, string error)
    {
        var result = Read(stepId, questionId, reply);
        Assert.False(result.Succeeded);
        Assert.Equal(error, result.Error);
        Assert.Equal(reply, result.Text);
    }

    [Fact]
    public void An_unreadable_long_sentence_is_quoted_shortened_on_one_line()
    {
        var reply = "We have not decided yet, it depends on the marketing plan and on what the PM thinks of the launch";
        var error = Read("sizing", "dau", reply).Error!;
        Assert.StartsWith("I couldn't read a number from \"We have not decided yet", error, StringComparison.Ordinal);
        Assert.EndsWith("…\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("2", "semi-structured", "semi-structured")]
    [InlineData("(4)", "mixed", "mixed")]
    [InlineData("semi structured, JSON documents", "semi-structured", "semi structured, JSON documents")]
    [InlineData("Unstructured blobs", "unstructured", "Unstructured blobs")]
    [InlineData("structured and unstructured", "mixed", "structured and unstructured")]
    [InlineData("a mix of both", "mixed", "a mix of both")]
    [InlineData("not semi-structured: unstructured", "unstructured", "not semi-structured: unstructured")]
    [InlineData("both tables are structured", "structured", "both tables are structured")]
    public void A_choice_is_read_from_its_number_or_its_word_and_the_members_words_are_kept(string reply, string choice, string text)
    {
        var result = Read("data-model", "structure", reply);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(choice, result.Choice);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Two_choices_without_a_combined_option_are_not_guessed()
    {
        var prompt = new ChoicePrompt("transport", "Push or pull?", null, ["push", "pull"]);
        var result = prompt.Recognize("push for alerts, pull for the feed");
        Assert.False(result.Succeeded);
        Assert.Equal("I couldn't tell which choice \"push for alerts, pull for the feed\" means: it names push and pull", result.Error);
        Assert.Equal("pull", prompt.Recognize("Not push: pull, every 30 s").Choice);
    }

    [Theory]
    [InlineData("yes", "yes")]
    [InlineData("Y", "yes")]
    [InlineData("yep, ship it", "yes")]
    [InlineData("👍", "yes")]
    [InlineData("Sure", "yes")]
    [InlineData("We covered every feature, yes", "yes")]
    [InlineData("Probably not", "no")]
    [InlineData("nope", "no")]
    [InlineData("Everything except payments, so not quite", "no")]
    [InlineData("Not yet — payments are missing", "no")]
    public void Yes_and_no_are_read_from_the_usual_forms_and_plain_sentences(string reply, string choice)
    {
        var result = Read("high-level", "features-covered", reply);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(choice, result.Choice);
        Assert.Equal(reply, result.Text);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("N/A")]
    [InlineData("Nobody knows")]
    [InlineData("No idea yet")]
    [InlineData("not sure")]
    public void A_reply_that_says_neither_yes_nor_no_is_not_read_as_one(string reply) =>
        Assert.False(Read("high-level", "features-covered", reply).Succeeded);

    [Theory]
    [InlineData("sizing", "dau", "10M")]
    [InlineData("sizing", "writes-per-user", "10M")]
    [InlineData("sizing", "read-write-ratio", "100:1")]
    [InlineData("sizing", "media-size", "2 MB")]
    [InlineData("sizing", "media-share", "10%")]
    [InlineData("sizing", "retention", "5 years")]
    [InlineData("sizing", "peak-factor", "3x")]
    [InlineData("data-model", "structure", "structured")]
    [InlineData("data-model", "schema", "fixed")]
    [InlineData("data-model", "coverage", "yes")]
    public void Each_prompt_gives_an_example_of_a_reply_it_reads(string stepId, string questionId, string example) =>
        Assert.Equal(example, PromptFor(stepId, questionId).Example);

    [Fact]
    public void Every_question_of_the_template_reads_its_own_example()
    {
        foreach (var question in TemplateLoader.Default.Steps.SelectMany(s => s.Questions))
        {
            var prompt = Prompt.For(question);
            var result = prompt.Recognize(prompt.Example);
            Assert.True(result.Succeeded, $"{question.Id}: {result.Error}");
        }
    }
}
