using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Json;
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
            [new StepSession("requirements", DialogState.New)], 0);
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

    [Fact]
    public async Task A_wake_and_its_lease_survive_closing_and_reopening_the_store()
    {
        var state = new ReviewState("r1", "system-design", "URL shortener", new UserRef("U1", "Ada"), Channel, false, ReviewStatus.Active, T0, null,
            [new StepSession("requirements", DialogState.New)], 0) { NextWakeAt = T0.AddHours(1) };
        var second = state with { Id = "r2", NextWakeAt = T0.AddHours(2) };
        using (var first = await _database.OpenAsync())
        {
            await first.CommitAsync(new TurnCommit(new Decision("r1", state, [], [], []) { IsNewReview = true }, null, null));
            await first.CommitAsync(new TurnCommit(new Decision("r2", second, [], [], []) { IsNewReview = true }, null, null));
            Assert.Equal("r1", Assert.Single(await first.ClaimDueWakesAsync("host", TimeSpan.FromMinutes(1), 10, T0.AddHours(1))).ReviewId);
        }

        var reopened = await _database.OpenAsync();

        // r1 is still leased (its wake event is in the inbox or on its way); r2 comes due in its own time.
        Assert.Empty(await reopened.ClaimDueWakesAsync("other", TimeSpan.FromMinutes(1), 10, T0.AddHours(1).AddSeconds(30)));
        Assert.Equal(["r1", "r2"], (await reopened.ClaimDueWakesAsync("other", TimeSpan.FromMinutes(1), 10, T0.AddHours(2))).Select(w => w.ReviewId));
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_fails_to_start_with_a_clear_reason()
    {
        var first = await _database.OpenAsync();
        await first.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(_database.OpenAsync);

        Assert.Contains($"'{_database.FilePath}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("serves one DesignBot host", failure.Message, StringComparison.Ordinal);
        // The store that owns the file is unaffected.
        Assert.True(await first.PingAsync());
        await first.CommitAsync(new TurnCommit(NewReview("r2", "Chat app"), null, null));
        Assert.Equal("Chat app", (await first.GetReviewAsync("r2"))!.State.Title);
    }

    [Fact]
    public async Task Deleting_the_lock_file_does_not_let_a_second_store_in_and_a_refused_store_creates_nothing()
    {
        var first = await _database.OpenAsync();
        await first.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));
        // What hosts used to lock, and what someone tidying up would delete; the database file itself is what is held now.
        File.Delete(_database.FilePath + ".lock");
        var before = FilesInFolder();

        await Assert.ThrowsAsync<InvalidOperationException>(_database.OpenAsync);
        File.Delete(_database.FilePath + ".lock");
        await Assert.ThrowsAsync<InvalidOperationException>(_database.OpenAsync);

        Assert.Equal(before, FilesInFolder());
        Assert.Equal("URL shortener", (await first.GetReviewAsync("r1"))!.State.Title);
    }

    [Fact]
    public async Task A_database_moved_aside_stays_locked_where_it_went()
    {
        var first = await _database.OpenAsync();
        await first.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));
        var moved = _database.FilePath + ".moved";

        // The lock belongs to the file, not its name: renamed, it is still held, and a store opening it there is refused.
        File.Move(_database.FilePath, moved);
        var second = new SqliteReviewStore(new SqliteStoreOptions { Path = moved });
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => second.InitializeAsync());
        }
        finally
        {
            second.Dispose();
            File.Move(moved, _database.FilePath);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_database_files_and_the_folder_it_creates_are_owner_only()
    {
        var store = await _database.OpenAsync();
        await store.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            Assert.Equal((suffix, ownerOnly), (suffix, File.GetUnixFileMode(_database.FilePath + suffix)));
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_database.FilePath)!));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_database_file_made_readable_to_others_is_made_owner_only_at_start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.FilePath)!);
        File.WriteAllBytes(_database.FilePath, []);
        File.SetUnixFileMode(_database.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await _database.OpenAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_database.FilePath));
    }

    [Fact]
    public async Task A_busy_database_is_a_transient_failure_and_the_same_call_succeeds_later()
    {
        var store = await _database.OpenAsync();
        await using var other = new SqliteConnection($"Data Source={_database.FilePath};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        // Another writer holds the file past the busy timeout (a few seconds): the store says "later", with the reason inside.
        var busy = await Assert.ThrowsAsync<TransientStoreException>(
            () => store.AcceptAsync(new CommandEvent("E1", Channel, new UserRef("U2", "Grace"), T0, "list"), T0));
        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, Assert.IsType<SqliteException>(busy.InnerException).SqliteErrorCode);

        await using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        Assert.True(await store.AcceptAsync(new CommandEvent("E1", Channel, new UserRef("U2", "Grace"), T0, "list"), T0));
    }

    [Fact]
    public async Task A_path_that_is_a_folder_fails_as_it_is_not_as_a_transient_failure()
    {
        Directory.CreateDirectory(_database.FilePath);

        var failure = await Record.ExceptionAsync(_database.OpenAsync);

        Assert.NotNull(failure);
        Assert.IsNotType<TransientStoreException>(failure);
    }

    [Fact]
    public async Task A_file_from_before_addresses_and_attempts_gets_their_columns_and_keeps_its_rows()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.FilePath)!);
        using (var old = new SqliteConnection($"Data Source={_database.FilePath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE posted (review_id TEXT NOT NULL, msg_key TEXT NOT NULL, message_id TEXT NOT NULL, thread_id TEXT NOT NULL,
                    posted_at TEXT NOT NULL, PRIMARY KEY (review_id, msg_key));
                CREATE TABLE outbox (partition TEXT NOT NULL, seq INTEGER NOT NULL, msg_key TEXT NOT NULL, review_id TEXT, message_json TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, not_before TEXT, lease_owner TEXT, lease_until TEXT, sent INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT, PRIMARY KEY (partition, seq), UNIQUE (partition, msg_key));
                INSERT INTO posted VALUES ('r1', 'card', 'M1', 'T1', '2026-03-14T09:00:00.0000000Z');
                """;
            create.ExecuteNonQuery();
        }

        var store = await _database.OpenAsync();

        Assert.Equal(new PostedMessage("M1", "T1", T0), await store.FindPostedAsync("r1", "card"));
        await store.CommitAsync(new TurnCommit(new Decision("r1", NewState("r1", "URL shortener"), [], [],
            [new Core.Messages.OutboundMessage("m1", Channel, new Core.Messages.NeutralMessage("hi", []))]) { IsNewReview = true }, null, null));
        var item = Assert.Single(await store.ClaimOutboxAsync("host", TimeSpan.FromSeconds(30), 10, T0));
        Assert.False(item.OutcomeUnknown);
        await store.CompleteOutboxAsync(item, new PostedMessage("M2", "T2", T0, "addr"));
        Assert.Equal("addr", (await store.FindPostedAsync("r1", "m1"))!.Address);
    }

    [Fact]
    public async Task Once_the_owning_store_is_disposed_a_new_store_opens_the_file()
    {
        var first = await _database.OpenAsync();
        await first.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));
        await Assert.ThrowsAsync<InvalidOperationException>(_database.OpenAsync);

        first.Dispose();
        var next = await _database.OpenAsync();

        Assert.Equal("URL shortener", (await next.GetReviewAsync("r1"))!.State.Title);
        await next.CommitAsync(new TurnCommit(NewReview("r2", "Chat app"), null, null));
        Assert.NotNull(await next.GetReviewAsync("r2"));
    }

    [Fact]
    public async Task A_commit_on_a_stale_kept_snapshot_conflicts_and_the_next_read_loads_the_file()
    {
        var store = await _database.OpenAsync();
        await store.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));
        var kept = (await store.GetReviewAsync("r1"))!;
        // The file moves on behind the store's back (the store keeps its snapshot and does not re-read the version).
        var fileVersion = ChangeTitleInFile(kept.State, "changed in the file");
        var served = (await store.GetReviewAsync("r1"))!;
        Assert.Equal((kept.Version, "URL shortener"), (served.Version, served.State.Title));

        var stale = new Decision("r1", kept.State with { Title = "decided on the stale snapshot" }, [], [], []);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new TurnCommit(stale, kept.Version, null)));

        var reloaded = (await store.GetReviewAsync("r1"))!;
        Assert.Equal(fileVersion, reloaded.Version);
        Assert.Equal("changed in the file", reloaded.State.Title);
        // Deciding again on what was loaded commits.
        await store.CommitAsync(new TurnCommit(new Decision("r1", reloaded.State with { Title = "retried" }, [], [], []), reloaded.Version, null));
        Assert.Equal("retried", (await store.GetReviewAsync("r1"))!.State.Title);
    }

    [Fact]
    public async Task A_review_the_store_never_loaded_reads_as_the_file_after_this_store_writes_it()
    {
        using (var first = await _database.OpenAsync())
            await first.CommitAsync(new TurnCommit(NewReview("r1", "URL shortener"), null, null));
        var reopened = await _database.OpenAsync();

        // Written without loading it first: the store has no snapshot to move on, only the new version.
        await reopened.CommitAsync(new TurnCommit(new Decision("r1", NewState("r1", "Renamed"), [], [], []), "1", null));

        var loaded = (await reopened.GetReviewAsync("r1"))!;
        Assert.Equal(("2", "Renamed"), (loaded.Version, loaded.State.Title));
    }

    private string[] FilesInFolder() =>
        [.. Directory.GetFiles(Path.GetDirectoryName(_database.FilePath)!).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static Decision NewReview(string id, string title) =>
        new(id, NewState(id, title), [], [], []) { IsNewReview = true };

    private static ReviewState NewState(string id, string title) =>
        new(id, "system-design", title, new UserRef("U1", "Ada"), Channel, false, ReviewStatus.Active, T0, null,
            [new StepSession("requirements", DialogState.New)], 0);

    /// <summary>Writes a new title straight into the file, bumping the version like a store would; returns the new version.</summary>
    private string ChangeTitleInFile(ReviewState state, string title)
    {
        using var connection = new SqliteConnection($"Data Source={_database.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE reviews SET title = $title, state_json = $state, version = version + 1 WHERE id = $id RETURNING version";
        command.Parameters.AddWithValue("$title", title);
        command.Parameters.AddWithValue("$state", CoreJson.Serialize(state with { Title = title }));
        command.Parameters.AddWithValue("$id", state.Id);
        return ((long)command.ExecuteScalar()!).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _database.Dispose();
}
