using System.Text;
using System.Text.Json.Nodes;
using DesignBot.Core.Messages;
using DesignBot.Core.Templates;
using DesignBot.Core.Turns;
using DesignBot.Teams.Outbound;
using DesignBot.Testing;

namespace DesignBot.Teams.Tests;

public sealed class CardWriterTests
{
    private static JsonObject CardOf(NeutralMessage message) => (JsonObject)AdaptiveCardWriter.Activity(message)["attachments"]![0]!["content"]!;

    private static IEnumerable<JsonObject> Elements(JsonObject card, string type) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]!.GetValue<string>() == type);

    [Fact]
    public void Every_neutral_block_has_a_rendering_on_a_1_5_card_with_the_fallback_text()
    {
        var message = new NeutralMessage("Everything", [
            new HeaderBlock("Title"),
            new TextBlock("**bold** line one\nline `two` [link](https://example.org)"),
            new FieldsBlock([new Field("Owner", "alice")]),
            new ProgressBlock([new ProgressItem("Scope", 9, 9, ProgressState.Done), new ProgressItem("API", 1, 3, ProgressState.Active)]),
            new TableBlock(["Figure", "Value"], [["Writes", "231/s"]]),
            new ContextBlock("small print"),
            new ListBlock("Answers", ["first", "second"], "answer"),
            new LinksBlock([new Link("Design document", "https://bot.example/reviews/r1")]),
            new DocumentBlock("r1.md", "text/markdown", "# Review\n\ntext"),
            new ButtonsBlock([new Button("Skip", "skip", "r1|scope|0"), new Button("Finish step", "finish", "r1|scope|0", ButtonStyle.Primary)]),
        ]);

        var card = CardOf(message);

        Assert.Equal(("AdaptiveCard", "1.5", "Everything"), (card["type"]!.GetValue<string>(), card["version"]!.GetValue<string>(), card["fallbackText"]!.GetValue<string>()));
        var texts = Elements(card, "TextBlock").Select(t => t["text"]!.GetValue<string>()).ToList();
        Assert.Equal("Title", texts[0]);
        // One block per line (card markdown ignores single line breaks); code spans lose their backticks.
        Assert.Contains("**bold** line one", texts);
        Assert.Contains("line two [link](https://example.org)", texts);
        Assert.Contains("small print", texts);
        Assert.Contains("• second", texts);
        // A file is named, with where to get it (the message's links): Teams bots attach no files to channel posts.
        Assert.Contains("📄 r1.md", texts);
        Assert.Contains(AdaptiveCardWriter.DocumentNote, texts);
        Assert.DoesNotContain("# Review\n\ntext", texts);
        var facts = Elements(card, "FactSet").SelectMany(f => f["facts"]!.AsArray()).Select(f => $"{f!["title"]}={f["value"]}").ToList();
        Assert.Equal(["Owner=alice", "✓ Scope=9/9", "▶ API=1/3"], facts);
        var table = Assert.Single(Elements(card, "Table"));
        Assert.Equal(2, table["rows"]!.AsArray().Count);

        var actions = card["actions"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(["Action.OpenUrl", "Action.Execute", "Action.Execute"], actions.Select(a => a["type"]!.GetValue<string>()));
        var skip = actions[1];
        Assert.Equal(("Skip", "skip", "skip", "r1|scope|0"), (skip["title"]!.GetValue<string>(), skip["verb"]!.GetValue<string>(), skip["data"]!["actionId"]!.GetValue<string>(), skip["data"]!["value"]!.GetValue<string>()));
        Assert.Equal("positive", actions[2]["style"]!.GetValue<string>());
    }

    [Fact]
    public void Commands_read_as_they_are_typed_in_teams()
    {
        var card = CardOf(ReviewMessages.Text(ReviewMessages.CommandHelp));
        var text = string.Join("\n", Elements(card, "TextBlock").Select(t => t["text"]!.GetValue<string>()));
        Assert.Contains("@DesignBot start <title>", text, StringComparison.Ordinal);
        Assert.Contains("@DesignBot cancel", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/design", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_summary_stays_under_80_KB_says_it_shortened_and_points_to_the_whole_document()
    {
        // Every question answered by 40 members at length, in two-byte and four-byte characters.
        var answers = TemplateLoader.Default.Steps.SelectMany(s => s.Questions.SelectMany((_, q) => Enumerable.Range(0, 40).Select(i => (s.Id, q, $"member{i}", new string('é', 2_000) + " 😀 " + i))));
        var review = SampleReview.With("Huge", answers);
        var activity = AdaptiveCardWriter.Activity(ReviewMessages.Summary(review, SampleReview.Links));

        var bytes = Encoding.UTF8.GetByteCount(activity.ToJsonString());
        Assert.True(bytes <= AdaptiveCardWriter.MaxActivityBytes, $"{bytes} bytes");
        var card = (JsonObject)activity["attachments"]![0]!["content"]!;
        var text = string.Join("\n", Elements(card, "TextBlock").Select(t => t["text"]!.GetValue<string>()));
        Assert.Contains(MessageFitter.ShortenedNote, text, StringComparison.Ordinal);
        Assert.Contains("member0", string.Join("\n", Elements(card, "FactSet").SelectMany(f => f["facts"]!.AsArray()).Select(f => f!["value"]!.GetValue<string>())), StringComparison.Ordinal);
        Assert.Contains(card["actions"]!.AsArray(), a => a!["url"]?.GetValue<string>() == SampleReview.Links.Markdown);
    }

    [Fact]
    public async Task Every_card_of_a_review_passes_the_official_adaptive_cards_parser()
    {
        var (review, _) = SampleReview.FullyAnswered("URL shortener");
        var template = TemplateLoader.Default;
        var messages = new List<NeutralMessage>
        {
            ReviewMessages.ReviewCard(review),
            ReviewMessages.Summary(review, SampleReview.Links),
            ReviewMessages.Export(review, SampleReview.Links),
            ReviewMessages.SizingEstimate(review.Sizing()),
            ReviewMessages.Text(ReviewMessages.CommandHelp),
            ReviewMessages.ReviewList([]),
            OutboxDispatcher.GaveUpNotice(3, "The Bot Connector answered 403."),
        };
        foreach (var step in template.Steps)
        {
            messages.Add(ReviewMessages.StepRoot(template, step));
            messages.Add(ReviewMessages.StepComplete(review, step));
            for (var i = 0; i < step.Questions.Count; i++)
                messages.Add(ReviewMessages.Question(review.State.Id, step, i, i == 0 ? "I couldn't read a number from \"lots\"" : null));
        }
        var huge = SampleReview.With("Huge", template.Steps.SelectMany(s => Enumerable.Range(0, 30).Select(i => (s.Id, 0, $"m{i}", new string('x', 3_000)))));
        messages.Add(ReviewMessages.Summary(huge, SampleReview.Links));

        var problems = await CardParser.ProblemsAsync([.. messages.Select(CardOf)]);
        Assert.True(problems is null or "[]", $"the Adaptive Cards parser objects: {problems}");
    }

    [Fact]
    public void A_mention_is_an_at_tag_in_the_text_with_its_mention_entity()
    {
        var card = CardOf(new NeutralMessage("Scope: Q4 is still open.", [
            new MentionsBlock("So far in this review:", [new Core.Events.UserRef("29:1abc", "Alice Smith"), new Core.Events.UserRef("29:2def", "Bob")]),
        ]));

        Assert.Equal("So far in this review: <at>Alice Smith</at> <at>Bob</at>", Elements(card, "TextBlock").Single()["text"]!.GetValue<string>());
        var entities = card["msteams"]!["entities"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(["mention", "mention"], entities.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("<at>Alice Smith</at>", entities[0]["text"]!.GetValue<string>());
        Assert.Equal("29:1abc", entities[0]["mentioned"]!["id"]!.GetValue<string>());
        Assert.Equal("Bob", entities[1]["mentioned"]!["name"]!.GetValue<string>());
    }
}
