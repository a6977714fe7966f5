using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reviews;

/// <summary>
/// A whole review as three engineers type it: every answer a natural sentence, discussion in between. Every sentence
/// reaches the document; discussion never moves the waterfall; the estimate is computed from the values read.
/// </summary>
public class NaturalReviewTests
{
    private static readonly string[] s_scope =
    [
        "Families want to share photos privately, without ads",
        "Parents and grandparents, mostly on phones",
        "Upload photos, make albums, comment, share an album by link",
        "A feed of new photos from their family, albums, who viewed what",
        "Photos up to 20 MB, captions up to 2 KB",
        "Upload goes to blob storage, then a worker makes thumbnails",
        "Both: notifications are push, the feed is pull",
        "Thumbnails and EXIF parsing in the back end; cropping in the app",
        "iOS, Android and a web app",
        "No public sharing and no video in v1",
    ];

    private static readonly string[] s_api =
    [
        "uploadPhoto(albumId, bytes) → photoId; listFeed(cursor) → photos",
        "REST with OpenAPI, versioned in the path, OAuth2 bearer tokens",
        "Reads dominate: the feed and albums are read far more than written",
    ];

    [Fact]
    public void A_review_in_natural_sentences_with_discussion_in_between_reaches_the_document_and_the_estimate()
    {
        var chat = new ChatSimulator();
        chat.Command("alice", "start Photo sharing");
        var typed = new List<string>();
        void Say(string user, string step, string text)
        {
            chat.Reply(user, step, text);
            typed.Add(text);
        }
        void Discuss(string user, string step, string text)
        {
            var before = chat.LastBotMessageIn(step).Text;
            Say(user, step, text);
            Assert.Equal(before, chat.LastBotMessageIn(step).Text); // discussion does not move the thread
            Assert.Equal(AnswerKind.Discussion, chat.Answers.Last(a => a.Text == text).Kind);
        }

        Discuss("bob", "scope", "Hmm, let me check with the PM…");
        Say("alice", "scope", s_scope[0]);
        Discuss("carol", "scope", "Should we count web users too?");
        Say("carol", "scope", s_scope[1]);
        Discuss("bob", "scope", "@carol sure, take your time");
        foreach (var (text, i) in s_scope.Skip(2).Select((t, i) => (t, i)))
            Say(i % 2 == 0 ? "bob" : "carol", "scope", text);
        foreach (var text in s_api)
            Say("alice", "api", text);

        Say("bob", "data-model", "User, Photo, Album, Comment, Share");
        Say("bob", "data-model", "An album has many photos; a photo belongs to one owner");
        Say("carol", "data-model", "Mostly yes — but notifications are not modelled");
        Say("carol", "data-model", "Mostly structured (users, photos, albums)");
        Say("alice", "data-model", "Fixed for the core tables; EXIF goes into a flexible JSONB column");

        Discuss("alice", "sizing", "Do we size for year one or year two?");
        Say("bob", "sizing", "About 10M DAU, maybe 12M next year");
        Say("bob", "sizing", "about 2 uploads per user per day");
        Say("carol", "sizing", "100:1 reads to writes");
        Say("carol", "sizing", "about 1 KB per photo (caption, tags, EXIF)");
        Say("bob", "sizing", "images ~2 MB, thumbnails 50 KB");
        Say("carol", "sizing", "every upload carries a photo, so 100%");
        Say("alice", "sizing", "keep for 5 years, then cold storage");
        Say("bob", "sizing", "peak is 3x average");
        Say("alice", "sizing", "skip, the default of 3 is fine");
        Say("carol", "sizing", "60% EU, 30% US, 10% APAC");
        Say("bob", "sizing", "thumbnails 90%, images 10%");
        Say("alice", "sizing", "95% from the CDN");

        var dataModel = chat.Answers.Where(a => a.StepId == "data-model" && a.IsAnswer).ToList();
        Assert.Equal("Mostly yes — but notifications are not modelled", dataModel[2].Text);
        Assert.All(chat.Answers.Where(a => a.StepId == "sizing" && a.QuestionIndex < 8 && a.IsAnswer), a => Assert.Equal(AnswerKind.Answer, a.Kind));

        var estimate = ChatSimulator.AllText(chat.BotMessagesIn("sizing").Single(m => m.Text == "Sizing estimate"));
        Assert.Contains("231 writes/s", estimate);
        Assert.Contains("23,148 reads/s", estimate);
        // "images ~2 MB, thumbnails 50 KB" is two media types, read by the mix given, behind the CDN, split per region.
        Assert.Contains("Media size (images): 2 MB (bob)", estimate);
        Assert.Contains("Media size (thumbnails): 50 KB (bob)", estimate);
        Assert.Contains("1 KB + 10% × 2 MB images + 90% × 50 KB thumbnails ≈ 246 KB", estimate);
        Assert.Contains("Peak origin egress", estimate);
        Assert.Contains("Peak read QPS in EU", estimate);

        chat.Reply("alice", "high-level", "done");
        chat.Reply("alice", "detailed", "done");
        var document = DesignDocument.Markdown(chat.View, new ChatSimulator.TestLinks().For("r1"));
        var read = Markdig.Markdown.ToPlainText(document);
        foreach (var text in typed.Where(t => !t.StartsWith("skip", StringComparison.Ordinal)))
            Assert.Contains(text, read);
        Assert.Contains("skip, the default of 3 is fine", read);
    }
}
