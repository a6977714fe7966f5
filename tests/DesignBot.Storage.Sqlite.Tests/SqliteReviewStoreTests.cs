using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DesignBot.Storage.Sqlite.Tests;

/// <summary>What only the SQLite store promises: the file, its folder, WAL, and durability across restarts.</summary>
public sealed class SqliteReviewStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelRef Channel = new("test", "A");

    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Initialize_creates_the_file_and_its_folder()
    {
        Assert.False(Directory.Exists(_database.Folder));

        await _database.OpenAsync();

        Assert.True(File.Exists(_database.FilePath));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode()
    {
        await _database.OpenAsync();

        await using var connection = new SqliteConnection($"Data Source={_database.FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_store()
    {
        var state = new ReviewState("r1", "system-design", "URL shortener", new UserRef("U1", "Ada"), Channel, false, ReviewStatus.Active, T0, null,
            [new StepSession("requirements", DialogState.New)], new Dictionary<string, PostedMessage>(), 0);
        var answer = new Answer("a1", "requirements", "q0", 0, new UserRef("U2", "Grace"), "100M", 1e8, T0, null);
        using (var first = await _database.OpenAsync())
        {
            await first.AcceptAsync(new CommandEvent("E2", Channel, new UserRef("U2", "Grace"), T0, "list"), T0);
            await first.CommitAsync(new TurnCommit(new Decision("r1", state, [answer], [], []) { IsNewReview = true }, null, null));
        }

        var reopened = await _database.OpenAsync();

        var loaded = await reopened.GetReviewAsync("r1");
        Assert.Equal("URL shortener", loaded!.State.Title);
        Assert.Equal(answer, Assert.Single(loaded.Answers));
        Assert.Equal("E2", Assert.Single(await reopened.PendingInboxAsync(10)).Event.EventId);
    }

    public void Dispose() => _database.Dispose();
}
