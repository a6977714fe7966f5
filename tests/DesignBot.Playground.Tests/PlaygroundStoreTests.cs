namespace DesignBot.Playground.Tests;

public sealed class PlaygroundStoreTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-pgstore", Guid.NewGuid().ToString("N"));
    private readonly PlaygroundStore _store;

    public PlaygroundStoreTests() => _store = new PlaygroundStore(Path.Combine(_dir, "playground.db"));

    public void Dispose()
    {
        _store.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_history_file_and_its_folder_are_owner_only_from_the_start()
    {
        await _store.AddAsync(null, "alice", false, "hello", null, s_now);
        if (OperatingSystem.IsWindows())
            return; // Unix file modes
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "playground.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
    }

    [Fact]
    public async Task The_history_comes_newest_page_first_each_page_oldest_first_until_there_is_no_older()
    {
        for (var i = 1; i <= 7; i++)
            await _store.AddAsync(null, "alice", false, $"m{i}", null, s_now);

        var newest = _store.Page(null, 3);
        Assert.Equal(["m5", "m6", "m7"], newest.Messages.Select(m => m.Text));
        var middle = _store.Page(newest.Older, 3);
        Assert.Equal(["m2", "m3", "m4"], middle.Messages.Select(m => m.Text));
        var oldest = _store.Page(middle.Older, 3);
        Assert.Equal(["m1"], oldest.Messages.Select(m => m.Text));
        Assert.Null(oldest.Older);
        Assert.Null(_store.Page(null, 7).Older);
    }

    [Fact]
    public async Task A_reserved_post_has_its_id_and_time_but_is_shown_only_after_show()
    {
        var (reserved, shown) = await _store.ReserveAsync(null, "bob", "/design start Chat", s_now, "client:bob:1");
        Assert.False(shown);
        Assert.Null(_store.Find(reserved.Id));
        Assert.Empty(_store.Page(null, 10).Messages);

        // A retry with the same key gets the same message, still hidden.
        var (again, shownAgain) = await _store.ReserveAsync(null, "bob", "/design start Chat", s_now.AddSeconds(5), "client:bob:1");
        Assert.Equal((reserved.Id, reserved.Ts, false), (again.Id, again.Ts, shownAgain));

        var visible = await _store.ShowAsync(reserved.Id);
        Assert.Equal(reserved.Id, visible!.Id);
        Assert.Equal(reserved.Id, _store.Find(reserved.Id)!.Id);
        Assert.True((await _store.ReserveAsync(null, "bob", "/design start Chat", s_now, "client:bob:1")).Shown);
        Assert.Single(_store.Page(null, 10).Messages);
    }

    [Fact]
    public async Task A_message_for_one_member_is_in_that_members_history_only()
    {
        await _store.AddAsync(null, "alice", false, "/design status", null, s_now);
        var mine = await _store.AddAsync(null, "DesignBot", true, "Chat (in progress)", null, s_now, "k1", visibleTo: "alice");

        Assert.Single(_store.Page(null, 10).Messages);
        Assert.Single(_store.Page(null, 10, viewer: "bob").Messages);
        var seen = _store.Page(null, 10, viewer: "alice").Messages;
        Assert.Equal(2, seen.Count);
        Assert.Equal("alice", seen[^1].VisibleTo);
        Assert.Equal("alice", _store.Find(mine.Id)!.VisibleTo);
    }

    [Fact]
    public async Task Each_update_raises_the_revision_and_an_expected_revision_guards_against_a_concurrent_edit()
    {
        var message = await _store.AddAsync("pm1", "bob", false, "draft", null, s_now);
        var first = await _store.UpdateAsync(message.Id, "better", null, markEdited: true, expectedRevision: 0);
        Assert.Equal((1, "better", true), (first!.Revision, first.Text, first.Edited));
        Assert.Null(await _store.UpdateAsync(message.Id, "stale edit", null, markEdited: true, expectedRevision: 0));
        Assert.Equal("better", _store.Find(message.Id)!.Text);
    }

    [Fact]
    public async Task A_history_file_of_an_earlier_version_opens_and_keeps_its_messages()
    {
        var path = Path.Combine(_dir, "old.db");
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, thread_id TEXT NULL, user TEXT NOT NULL, is_bot INTEGER NOT NULL,
                    text TEXT NOT NULL, card_json TEXT NULL, ts INTEGER NOT NULL, edited INTEGER NOT NULL DEFAULT 0,
                    deleted INTEGER NOT NULL DEFAULT 0, idempotency_key TEXT NULL UNIQUE);
                INSERT INTO messages (thread_id, user, is_bot, text, ts) VALUES (NULL, 'alice', 0, 'from before', 1);
                """;
            create.ExecuteNonQuery();
        }

        using var store = new PlaygroundStore(path);
        var before = Assert.Single(store.Page(null, 10).Messages);
        Assert.Equal(("from before", 0), (before.Text, before.Revision));
        var edited = await store.UpdateAsync(before.Id, "edited now", null, markEdited: true);
        Assert.Equal(1, edited!.Revision);
    }
}
