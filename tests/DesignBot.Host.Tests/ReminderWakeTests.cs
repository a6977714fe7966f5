using System.Diagnostics;
using DesignBot.Core.Events;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Core.Storage;
using DesignBot.Storage.AzureTables;
using DesignBot.Storage.Sqlite;
using DesignBot.Testing;

namespace DesignBot.Host.Tests;

/// <summary>
/// Reminders as the store and the wake worker deliver them, on real host processes whose clocks start where the test
/// says (DesignBot:Testing:ClockStartsAt): a review started on a Monday morning whose first step stays quiet gets its
/// reminder when a host comes back on Wednesday — once, whether one host restarts or two share one Azurite. "Once" is
/// checked where it is decided: when the hosts are stopped, nothing that could still send a reminder is left (no wake
/// due at the hosts' clock, no wake event unprocessed, no reminder queued), and the channel holds exactly one.
/// </summary>
public sealed class ReminderWakeTests : IDisposable
{
    // Monday 7 and Wednesday 9 December 2026, in working hours (UTC, Mon–Fri 09:00–17:00 by default).
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 9, 10, 0, 0, TimeSpan.Zero);
    private const string Start = "/design start Quiet thread --due 2027-01-29";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-wake", Guid.NewGuid().ToString("N"));
    private readonly string _prefix = "wake" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_host_restarted_after_a_reminder_came_due_sends_it_once()
    {
        var data = Path.Combine(_dir, "host");
        string thread, reviewId;
        await using (var monday = await HostProcess.StartAsync(data, Clock(Monday)))
            (thread, reviewId) = await StartQuietReviewAsync(new PlaygroundClient(monday.CreateClient()));

        // The host is down over Tuesday, when the reminder was due; it comes back on Wednesday morning.
        var since = Stopwatch.GetTimestamp();
        await using (var wednesday = await HostProcess.StartAsync(data, Clock(Wednesday)))
        {
            await WaitForReminderAsync(new PlaygroundClient(wednesday.CreateClient()), thread, wednesday);
            // Stopped as a restart stops it: the reminder on screen may still be on its way into the store's records.
            await wednesday.StopAsync();
        }
        var hostNow = Wednesday + Stopwatch.GetElapsedTime(since);

        using (var store = new SqliteReviewStore(new SqliteStoreOptions { Path = Path.Combine(data, "designbot.db") }))
        {
            await store.InitializeAsync();
            await AssertNothingLeftToRemindAsync(store, reviewId, hostNow);
        }
        await using var reader = await HostProcess.StartAsync(data, Clock(Wednesday));
        Assert.Single(Reminders(await new PlaygroundClient(reader.CreateClient()).MessagesAsync(), thread));
    }

    [Fact]
    public async Task Two_hosts_on_one_azurite_send_a_due_reminder_once()
    {
        var connection = Environment.GetEnvironmentVariable("DESIGNBOT_AZURITE");
        Assert.False(string.IsNullOrEmpty(connection), "DESIGNBOT_AZURITE is not set: run the tests with `bash scripts/test`, which starts Azurite.");
        var shared = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:AzureTables:ConnectionString"] = connection!,
            ["Storage:AzureTables:TablePrefix"] = _prefix,
            ["Playground:Path"] = Path.Combine(_dir, "playground.db"), // one chat platform for both hosts
        };
        Dictionary<string, string> Host(string id, DateTimeOffset clock) =>
            new(shared.Concat(Clock(clock))) { ["DesignBot:InstanceId"] = id };

        string thread, reviewId;
        await using (var monday = await HostProcess.StartAsync(Path.Combine(_dir, "a"), Host("host-a", Monday)))
            (thread, reviewId) = await StartQuietReviewAsync(new PlaygroundClient(monday.CreateClient()));

        // Both hosts come back on Wednesday, on the same store: each one's wake worker finds the reminder due at start.
        var since = Stopwatch.GetTimestamp();
        await using (var hostA = await HostProcess.StartAsync(Path.Combine(_dir, "a"), Host("host-a", Wednesday)))
        await using (var hostB = await HostProcess.StartAsync(Path.Combine(_dir, "b"), Host("host-b", Wednesday)))
        {
            await WaitForReminderAsync(new PlaygroundClient(hostB.CreateClient()), thread, hostB);
            // Stopped as a restart stops them: whichever sent the reminder records it before it exits.
            await Task.WhenAll(hostA.StopAsync(), hostB.StopAsync());
        }
        var hostNow = Wednesday + Stopwatch.GetElapsedTime(since);

        await AssertNothingLeftToRemindAsync(
            new AzureTablesReviewStore(new AzureTablesStoreOptions { ConnectionString = connection!, TablePrefix = _prefix }), reviewId, hostNow);
        await using var reader = await HostProcess.StartAsync(Path.Combine(_dir, "a"), Host("host-a", Wednesday));
        Assert.Single(Reminders(await new PlaygroundClient(reader.CreateClient()).MessagesAsync(), thread));
    }

    [Fact]
    public async Task A_bad_poll_interval_stops_the_host_with_one_line_naming_the_key()
    {
        var stopped = await HostProcess.RunToExitAsync(Path.Combine(_dir, "bad"), new Dictionary<string, string> { ["DesignBot:Reminders:PollSeconds"] = "0" });

        Assert.Equal(1, stopped.ExitCode);
        var reason = Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("DesignBot:Reminders:PollSeconds", reason);
    }

    // ---- helpers ----

    private static Dictionary<string, string> Clock(DateTimeOffset startsAt) => new()
    {
        ["DesignBot:Testing:ClockStartsAt"] = startsAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["DesignBot:Reminders:PollSeconds"] = "1",
    };

    /// <summary>Starts the review and waits for its first question; nobody answers. Returns the step's thread and the review id.</summary>
    private static async Task<(string Thread, string ReviewId)> StartQuietReviewAsync(PlaygroundClient client)
    {
        await client.SendAsync("alice", Start);
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal)), "the first question", 120);
        var question = messages.First(x => x.IsBot && x.Text.Contains("Q1/", StringComparison.Ordinal));
        Assert.Empty(Reminders(messages, question.ThreadId!));
        return (question.ThreadId!, ReviewOf(question));
    }

    private static async Task WaitForReminderAsync(PlaygroundClient client, string thread, HostProcess host)
    {
        try
        {
            await client.WaitForAsync(m => Reminders(m, thread).Any(), "the quiet step's reminder", 120);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- host\n{host.Output}", ex);
        }
    }

    private static List<PgMessage> Reminders(List<PgMessage> messages, string thread) =>
        [.. messages.Where(x => x.IsBot && x.ThreadId == thread && x.Text.Contains("still open", StringComparison.Ordinal))];

    /// <summary>
    /// With the hosts stopped: no wake of the review is due at the latest moment their clocks reached, no wake event waits
    /// in the inbox, and no reminder waits in the outbox. So no host could have sent, or could still send, a second one.
    /// </summary>
    private static async Task AssertNothingLeftToRemindAsync(IReviewStore store, string reviewId, DateTimeOffset hostNow)
    {
        Assert.DoesNotContain(await store.ClaimDueWakesAsync("test", TimeSpan.FromMinutes(1), 100, hostNow), w => w.ReviewId == reviewId);
        Assert.DoesNotContain(await store.PendingInboxAsync(1000), i => i.Event is WakeEvent);
        var queued = new List<OutboxItem>();
        foreach (var head in await store.ClaimOutboxAsync("test", TimeSpan.FromMinutes(1), 100, hostNow.AddDays(1)))
        {
            for (OutboxItem? next = head; next is not null; next = await store.CompleteAndClaimNextAsync(next, null, TimeSpan.FromMinutes(1), hostNow.AddDays(1)))
                queued.Add(next);
        }
        Assert.DoesNotContain(queued, q => q.Message.Body.FallbackText.Contains("still open", StringComparison.Ordinal));
    }

    // The review a question belongs to, from the value its buttons carry.
    private static string ReviewOf(PgMessage question)
    {
        var buttons = question.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "buttons");
        Assert.True(ButtonValues.TryParse(buttons.GetProperty("buttons")[0].GetProperty("value").GetString()!, out var reviewId, out _, out _));
        return reviewId;
    }
}
