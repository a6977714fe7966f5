using System.Text.Json;
using DesignBot.Core.Storage;
using DesignBot.Playground;
using DesignBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Host.Tests;

/// <summary>`/design export` and `/design export adr` in the playground: a file (name, type, content) in the review card's thread.</summary>
public sealed class ExportDeliveryTests : IDisposable
{
    private readonly HostFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Both_exports_arrive_as_files_in_the_review_cards_thread()
    {
        var client = _factory.Playground();
        await client.SendAsync("alice", "/design start Photo sharing --parallel");
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Step 6/6", StringComparison.Ordinal)), "the step threads");
        var detailed = messages.Last(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Step 6/6", StringComparison.Ordinal)).Id;
        await client.SendAsync("bob", "q13: Postgres over DynamoDB because we need transactions", detailed);
        await AnsweredAsync();
        var card = messages.First(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Design review: Photo sharing", StringComparison.Ordinal)).Id;

        await client.SendAsync("carol", "/design export");
        var document = await FileInAsync(client, card, "photo-sharing.md");
        Assert.Equal("text/markdown", document.GetProperty("mediaType").GetString());
        Assert.StartsWith("# Photo sharing\n", document.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("> Postgres over DynamoDB because we need transactions", document.GetProperty("content").GetString(), StringComparison.Ordinal);

        await client.SendAsync("carol", "/design export adr");
        var records = (await FileInAsync(client, card, "photo-sharing-decisions.md")).GetProperty("content").GetString()!;
        Assert.Contains("## ADR 1: Postgres\n", records, StringComparison.Ordinal);
        Assert.Contains("Chosen option: \"Postgres\", because we need transactions.", records, StringComparison.Ordinal);
    }

    // The answer is in another thread than the command, so wait until it is stored before exporting.
    private async Task AnsweredAsync()
    {
        var store = _factory.Services.GetRequiredService<IReviewStore>();
        for (var i = 0; i < 200; i++)
        {
            var review = (await store.ListReviewsAsync(PlaygroundApi.Channel)).Single();
            if ((await store.GetReviewAsync(review.Id))!.Answers.Count > 0)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The answer was not stored.");
    }

    private static async Task<JsonElement> FileInAsync(PlaygroundClient client, string thread, string fileName)
    {
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == thread && Files(x).Any(f => f.GetProperty("fileName").GetString() == fileName)), fileName);
        return messages.Where(x => x.IsBot && x.ThreadId == thread).SelectMany(Files).Last(f => f.GetProperty("fileName").GetString() == fileName);
    }

    private static IEnumerable<JsonElement> Files(PgMessage message) =>
        message.Card is { ValueKind: JsonValueKind.Object } card
            ? card.GetProperty("blocks").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "document").ToList()
            : [];
}
