using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

public class ThreadInputParserTests
{
    [Theory]
    [InlineData("skip", ThreadWord.Skip, "")]
    [InlineData("Skip.", ThreadWord.Skip, "")]
    [InlineData("next", ThreadWord.Skip, "")]
    [InlineData("next one please", ThreadWord.Skip, "")]
    [InlineData("skip this one, we do not know yet", ThreadWord.Skip, "we do not know yet")]
    [InlineData("skip - not decided", ThreadWord.Skip, "not decided")]
    [InlineData("Skip: Legal has to decide", ThreadWord.Skip, "Legal has to decide")]
    [InlineData("skip for now — PM decides Friday", ThreadWord.Skip, "PM decides Friday")]
    [InlineData("skip because we do not know yet", ThreadWord.Skip, "because we do not know yet")]
    [InlineData("back", ThreadWord.Back, "back")]
    [InlineData("previous", ThreadWord.Back, "previous")]
    [InlineData("done", ThreadWord.Done, "done")]
    [InlineData("Finish!", ThreadWord.Done, "Finish!")]
    [InlineData("help", ThreadWord.Help, "help")]
    [InlineData("?", ThreadWord.Help, "?")]
    [InlineData("undo", ThreadWord.Undo, "undo")]
    [InlineData("Undo that", ThreadWord.Undo, "Undo that")]
    public void Thread_words_are_read_with_their_reason(string text, ThreadWord word, string expectedText)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal(word, input.Word);
        Assert.Null(input.ExplicitQuestion);
        Assert.Equal(expectedText, input.Text);
        Assert.False(input.MarkedAsAnswer);
    }

    [Theory]
    [InlineData("move q3", 3)]
    [InlineData("move to q3", 3)]
    [InlineData("move 3", 3)]
    [InlineData("move to 3", 3)]
    [InlineData("Move to Q12", 12)]
    [InlineData("move it to #4", 4)]
    [InlineData("move to question 2", 2)]
    public void Move_names_the_target_question(string text, int question)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal(ThreadWord.Move, input.Word);
        Assert.Equal(question, input.ExplicitQuestion);
    }

    [Theory]
    [InlineData("q3: Create short links", 3, "Create short links")]
    [InlineData("Q3 : create", 3, "create")]
    [InlineData("#4 list my links", 4, "list my links")]
    [InlineData("#4: List my links", 4, "List my links")]
    [InlineData("q2: skip the cache for writes", 2, "skip the cache for writes")]
    public void An_answer_aimed_at_a_question_is_marked_as_an_answer(string text, int question, string expectedText)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal(ThreadWord.None, input.Word);
        Assert.Equal(question, input.ExplicitQuestion);
        Assert.Equal(expectedText, input.Text);
        Assert.True(input.MarkedAsAnswer);
    }

    [Theory]
    [InlineData("a: Let me check: merchants first", "Let me check: merchants first")]
    [InlineData("A: Do we need stories? Yes, in v2", "Do we need stories? Yes, in v2")]
    [InlineData("answer: 10M", "10M")]
    public void A_prefix_marks_an_answer_to_the_current_question(string text, string expectedText)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal(ThreadWord.None, input.Word);
        Assert.Null(input.ExplicitQuestion);
        Assert.Equal(expectedText, input.Text);
        Assert.True(input.MarkedAsAnswer);
    }

    [Theory]
    [InlineData("we skip the cache for writes")]
    [InlineData("Skip the cache for writes, they go straight to the DB")]
    [InlineData("skipping is allowed for drafts")]
    [InlineData("Next, the feed service fans out")]
    [InlineData("next to the CDN")]
    [InlineData("move fast, break nothing")]
    [InlineData("undo and redo for edits")]
    [InlineData("Done right, the feed is pull")]
    [InlineData("A/B tests on the feed")]
    public void A_sentence_that_merely_contains_a_word_is_an_answer_as_typed(string text)
    {
        var input = ThreadInputParser.Parse(text);
        Assert.Equal(ThreadWord.None, input.Word);
        Assert.Null(input.ExplicitQuestion);
        Assert.Equal(text, input.Text);
        Assert.False(input.MarkedAsAnswer);
    }
}
