using DesignBot.Core.Dialogs;
using DesignBot.Core.Messages;
using DesignBot.Core.Reminders;
using DesignBot.Core.Reviews;

namespace DesignBot.Core.Tests.Reminders;

/// <summary>
/// Reminders as chat scripts on a controllable clock. Wake-ups are delivered as the pipeline's wake worker would (at the
/// review's NextWakeAt) and also at wrong times, to show that nothing fires early and nothing fires twice.
/// </summary>
public class ReminderScriptTests
{
    private static DateTimeOffset Z(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    // Posts move the simulator's clock on a second each; wake times are compared to the minute.
    private static DateTimeOffset? Minute(DateTimeOffset? at) =>
        at is { } t ? new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset).ToUniversalTime() : null;

    private static List<ChatMessage> Reminders(ChatSimulator sim, string stepId) =>
        [.. sim.BotMessagesIn(stepId).Where(m => m.Body!.Blocks.OfType<TextBlock>().Any(t => t.Markdown.StartsWith('⏰')))];

    private static List<ChatMessage> Digests(ChatSimulator sim) =>
        [.. sim.ChannelBotMessages.Where(m => m.Body!.Blocks.OfType<TextBlock>().Any(t => t.Markdown.StartsWith("📅", StringComparison.Ordinal)))];

    /// <summary>What the wake worker does: wake the review at its NextWakeAt, as long as that comes before <paramref name="until"/>.</summary>
    private static void RunWakesUntil(ChatSimulator sim, DateTimeOffset until)
    {
        for (var i = 0; i < 200 && sim.Review?.NextWakeAt is { } at && at <= until; i++)
            sim.WakeAt(at > sim.Now ? at : sim.Now);
        Assert.False(sim.Review?.NextWakeAt <= until, "the wake-ups did not settle");
        if (until > sim.Now)
            sim.SetNow(until);
    }

    private static ChatMessage LastVisibleTo(ChatSimulator sim, string user) => sim.Messages.Last(m => m.IsBot && m.VisibleTo == $"U-{user}");

    [Fact]
    public void A_quiet_step_gets_one_reminder_at_the_next_working_hour_not_at_night_or_at_the_weekend()
    {
        var sim = new ChatSimulator(start: Z(2026, 11, 27, 10)); // Friday 10:00 UTC
        sim.Command("alice", "start Payments");
        // Quiet for one working day (8 h): 7 h on Friday, the 8th on Monday.
        Assert.Equal(Z(2026, 11, 30, 10), Minute(sim.Review!.NextWakeAt));

        foreach (var early in new[] { Z(2026, 11, 27, 18), Z(2026, 11, 28, 12), Z(2026, 11, 29, 23), Z(2026, 11, 30, 9, 59) })
        {
            sim.WakeAt(early);
            Assert.Empty(Reminders(sim, "scope"));
            Assert.Equal(Z(2026, 11, 30, 10), Minute(sim.Review!.NextWakeAt));
        }

        sim.WakeAt(sim.Review!.NextWakeAt!.Value);
        var reminder = Assert.Single(Reminders(sim, "scope"));
        var text = ChatSimulator.AllText(reminder);
        Assert.Contains("Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9 and Q10 are still open", text, StringComparison.Ordinal);
        var mentions = Assert.Single(reminder.Body!.Blocks.OfType<MentionsBlock>());
        Assert.Equal(["U-alice"], mentions.People.Select(p => p.Id));

        // The same day again: nothing more; the next one is a working day later.
        sim.WakeAt(Z(2026, 11, 30, 10, 30));
        sim.WakeAt(Z(2026, 11, 30, 16, 59));
        Assert.Single(Reminders(sim, "scope"));
        Assert.Equal(Z(2026, 12, 1, 10), Minute(sim.Review!.NextWakeAt));

        // An outage: the wake-up comes at night, late. Nothing is sent at night; it goes out at the next working hour, once.
        sim.WakeAt(Z(2026, 12, 1, 22));
        Assert.Single(Reminders(sim, "scope"));
        Assert.Equal(Z(2026, 12, 2, 9), Minute(sim.Review!.NextWakeAt));
        sim.WakeAt(Z(2026, 12, 2, 9));
        sim.WakeAt(Z(2026, 12, 2, 9, 5));
        Assert.Equal(2, Reminders(sim, "scope").Count);
    }

    [Fact]
    public void A_question_with_a_default_is_not_open_in_a_reminder_until_the_thread_waits_on_it()
    {
        var sim = new ChatSimulator(start: Z(2026, 11, 30, 9)); // Monday
        sim.Command("alice", "start Payments --parallel");
        RunWakesUntil(sim, Z(2026, 12, 1, 12));
        // Sizing Q9 (replication, default 3) and Q12 (CDN share, default 0%) fall back to their defaults: not open.
        var first = ChatSimulator.AllText(Assert.Single(Reminders(sim, "sizing")));
        Assert.Contains("Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q10 and Q11 are still open", first, StringComparison.Ordinal);

        // Once the thread is on Q9, it waits for that answer (or a skip), so Q9 is open.
        for (var q = 1; q <= 8; q++)
            sim.Reply("bob", "sizing", "skip");
        RunWakesUntil(sim, Z(2026, 12, 3, 12));
        var second = ChatSimulator.AllText(Reminders(sim, "sizing")[^1]);
        Assert.Contains("Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10 and Q11 are still open", second, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_cancels_the_pending_reminder_and_later_ones_mention_who_took_part()
    {
        var sim = new ChatSimulator(); // Thursday 26 November 2026, 09:00 UTC
        sim.Command("alice", "start Payments");
        Assert.Equal(Z(2026, 11, 27, 9), Minute(sim.Review!.NextWakeAt));

        sim.SetNow(Z(2026, 11, 26, 15));
        sim.Reply("bob", "scope", "Merchants need to take card payments online");
        Assert.Equal(Z(2026, 11, 27, 15), Minute(sim.Review!.NextWakeAt));

        // The wake worker still had the old time: it finds nothing due.
        sim.WakeAt(Z(2026, 11, 27, 9));
        Assert.Empty(Reminders(sim, "scope"));

        RunWakesUntil(sim, Z(2026, 11, 27, 16));
        var reminder = Assert.Single(Reminders(sim, "scope"));
        Assert.Contains("Q2, Q3", ChatSimulator.AllText(reminder), StringComparison.Ordinal);
        Assert.DoesNotContain("Q1,", ChatSimulator.AllText(reminder), StringComparison.Ordinal);
        Assert.Equal(["U-alice", "U-bob"], reminder.Body!.Blocks.OfType<MentionsBlock>().Single().People.Select(p => p.Id));
    }

    [Fact]
    public void No_reminder_once_a_step_is_done_the_next_step_gets_them()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Reply("alice", "scope", "done");
        RunWakesUntil(sim, Z(2026, 11, 27, 12));
        Assert.Empty(Reminders(sim, "scope"));
        Assert.Single(Reminders(sim, "api"));
    }

    [Fact]
    public void A_deadline_spreads_due_dates_over_the_steps_and_the_card_shows_them()
    {
        var sim = new ChatSimulator(start: Z(2026, 11, 30, 9)); // Monday
        sim.Command("alice", "start Payments --due 2026-12-11");
        var schedule = sim.Review!.Schedule;
        Assert.Equal(Z(2026, 12, 11, 17), schedule.Deadline);
        var dues = sim.Template.Steps.Select(s => schedule.Step(s.Id).DueAt!.Value).ToList();
        Assert.Equal(dues.Order(), dues);
        Assert.Equal(Z(2026, 12, 11, 17), dues[^1]);
        Assert.True(dues[0] < dues[^1]);
        Assert.All(dues, d => Assert.Equal(17, d.UtcDateTime.Hour));
        Assert.All(dues, d => Assert.True(d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday));

        sim.Command("bob", "status");
        Assert.Contains("deadline Fri 11 Dec 17:00 (UTC)", ChatSimulator.AllText(LastVisibleTo(sim, "bob")), StringComparison.Ordinal);
        var card = ChatSimulator.AllText(sim.ChannelBotMessages.First());
        Assert.Contains("Deadline: Fri 11 Dec 17:00 (UTC)", card, StringComparison.Ordinal);
        Assert.Contains($"Due: Scope {ReminderMessages.Day(dues[0], sim.Review)}", card, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parallel_review_shares_its_deadline_and_a_time_zone_is_its_own()
    {
        var sim = new ChatSimulator(start: Z(2026, 11, 30, 9));
        sim.Command("alice", "start Payments --parallel --due friday --tz Europe/Berlin");
        var schedule = sim.Review!.Schedule;
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
        // Friday 4 December, 17:00 in Berlin (CET, UTC+1).
        Assert.Equal(Z(2026, 12, 4, 16), schedule.Deadline!.Value.ToUniversalTime());
        Assert.All(sim.Template.Steps, s => Assert.Equal(schedule.Deadline, schedule.Step(s.Id).DueAt));
        Assert.Contains("All steps due Fri 4 Dec", ChatSimulator.AllText(sim.ChannelBotMessages.First()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start Payments --due whenever", "I couldn't read `whenever` as a day")]
    [InlineData("start Payments --due", "Say when: I understand")]
    [InlineData("start Payments --due 2020-01-01", "ends before now")]
    [InlineData("start Payments --due friday --tz Mars/Olympus", "I don't know the time zone `Mars/Olympus`")]
    public void A_bad_deadline_or_time_zone_starts_nothing_and_says_what_is_understood(string command, string said)
    {
        var sim = new ChatSimulator();
        sim.Command("alice", command);
        Assert.Empty(sim.ChannelReviews);
        var reply = LastVisibleTo(sim, "alice");
        Assert.Contains(said, reply.Text.Replace("`", "", StringComparison.Ordinal) + ChatSimulator.AllText(reply), StringComparison.Ordinal);
        Assert.Contains("Nothing was started", ChatSimulator.AllText(reply), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_owner_changes_the_deadline_and_a_change_moves_the_wake_time()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments --due in 2 weeks");
        Assert.Equal(Z(2026, 12, 10, 17), sim.Review!.Schedule.Deadline);

        sim.Command("bob", "due tomorrow");
        Assert.Equal("Only alice, who started **Payments**, can change its deadline.", ChatSimulator.AllText(LastVisibleTo(sim, "bob")));
        Assert.Equal(Z(2026, 12, 10, 17), sim.Review!.Schedule.Deadline);

        sim.Command("alice", "due whenever");
        Assert.Contains("I understand", ChatSimulator.AllText(LastVisibleTo(sim, "alice")), StringComparison.Ordinal);

        Assert.Equal(Z(2026, 11, 27, 9), Minute(sim.Review!.NextWakeAt)); // quiet for a working day
        sim.Command("alice", "due tomorrow");
        Assert.Equal(Z(2026, 11, 27, 17), sim.Review!.Schedule.Deadline);
        // Scope is now due tonight, within a working day: its reminder comes once the thread has been quiet for an hour.
        Assert.Equal(Z(2026, 11, 26, 10), Minute(sim.Review!.NextWakeAt));
        Assert.Contains("Deadline: Fri 27 Nov 17:00 (UTC)", ChatSimulator.AllText(sim.ChannelBotMessages.First()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_late_review_is_in_the_days_digest_and_not_the_next_day_once_done()
    {
        var sim = new ChatSimulator(); // Thursday 09:00
        sim.Command("alice", "start Payments --due tomorrow");
        RunWakesUntil(sim, Z(2026, 11, 26, 18));
        Assert.Contains("⚠ late", ChatSimulator.AllText(sim.ChannelBotMessages.First()), StringComparison.Ordinal);
        Assert.Empty(Digests(sim));

        RunWakesUntil(sim, Z(2026, 11, 27, 12));
        var digest = Assert.Single(Digests(sim));
        Assert.Equal(Z(2026, 11, 27, 9), Minute(digest.Ts));
        var text = ChatSimulator.AllText(digest);
        Assert.Contains("**Payments** — late: Scope", text, StringComparison.Ordinal);
        // 46 questions, two of them with a default (sizing Q9 and Q12): those are not open, as in the summary.
        Assert.Contains("44 open questions", text, StringComparison.Ordinal);
        // The link opens the review card's thread, as the platform links to it when the digest is sent.
        var card = sim.ChannelBotMessages.First();
        Assert.Contains($"{ReminderMessages.CardLinkText}: https://fake.example/threads/{card.Id}/{card.Id}", text, StringComparison.Ordinal);

        // Done: every step finished; no digest on Monday, nothing to wake for.
        foreach (var step in sim.Template.Steps)
            sim.Reply("alice", step.Id, "done");
        Assert.Equal(ReviewStatus.Completed, sim.Review!.Status);
        Assert.Null(sim.Review!.NextWakeAt);
        sim.WakeAt(Z(2026, 11, 30, 9));
        Assert.Single(Digests(sim));
    }

    [Fact]
    public void A_late_review_not_done_is_in_the_digest_once_each_working_day()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments --due tomorrow");
        RunWakesUntil(sim, Z(2026, 11, 30, 12)); // until Monday noon
        Assert.Equal([Z(2026, 11, 27, 9), Z(2026, 11, 30, 9)], Digests(sim).Select(d => Minute(d.Ts)!.Value));
        // A repeated wake-up the same day adds nothing.
        sim.WakeAt(Z(2026, 11, 30, 13));
        Assert.Equal(2, Digests(sim).Count);
    }

    [Fact]
    public void The_digest_is_off_with_its_setting()
    {
        var sim = new ChatSimulator(reminders: ReminderSettings.Default with { Digest = false });
        sim.Command("alice", "start Payments --due tomorrow");
        RunWakesUntil(sim, Z(2026, 11, 30, 12));
        Assert.Empty(Digests(sim));
    }

    [Fact]
    public void Snooze_stops_reminders_until_then()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Command("bob", "snooze monday");
        Assert.Contains("until Mon 30 Nov 09:00 (UTC)", ChatSimulator.AllText(sim.Messages.Last(m => m.IsBot)), StringComparison.Ordinal);
        Assert.Equal(Z(2026, 11, 30, 9), Minute(sim.Review!.NextWakeAt));

        sim.WakeAt(Z(2026, 11, 27, 9)); // the time it had before the snooze
        Assert.Empty(Reminders(sim, "scope"));
        RunWakesUntil(sim, Z(2026, 11, 30, 12));
        Assert.Single(Reminders(sim, "scope"));
        Assert.Equal(Z(2026, 11, 30, 9), Minute(Reminders(sim, "scope")[0].Ts));

        sim.Command("alice", "snooze whenever");
        Assert.Contains("I understand", ChatSimulator.AllText(LastVisibleTo(sim, "alice")), StringComparison.Ordinal);
    }

    [Fact]
    public void Remind_sends_now_at_most_once_an_hour_per_step()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Command("bob", "remind");
        Assert.Single(Reminders(sim, "scope"));
        Assert.Equal("Reminded in the thread of Scope.", ChatSimulator.AllText(LastVisibleTo(sim, "bob")));

        sim.Command("bob", "remind");
        Assert.Single(Reminders(sim, "scope"));
        Assert.Contains("Not again yet: Scope (reminded at 09:00 UTC)", ChatSimulator.AllText(LastVisibleTo(sim, "bob")), StringComparison.Ordinal);

        sim.SetNow(Z(2026, 11, 26, 10, 1));
        sim.Command("bob", "remind");
        Assert.Equal(2, Reminders(sim, "scope").Count);
    }

    [Fact]
    public void Close_is_the_owners_and_the_summary_lists_what_is_still_open()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments --due friday");
        sim.Reply("bob", "scope", "Merchants need to take card payments online");

        sim.Command("bob", "close");
        Assert.Equal("Only alice, who started **Payments**, can close it.", ChatSimulator.AllText(LastVisibleTo(sim, "bob")));
        Assert.Equal(ReviewStatus.Active, sim.Review!.Status);

        sim.Command("alice", "close");
        Assert.Equal(ReviewStatus.Completed, sim.Review!.Status);
        Assert.True(sim.Review!.ClosedEarly);
        Assert.Null(sim.Review!.NextWakeAt);
        var summary = ChatSimulator.AllText(sim.ChannelBotMessages.Last());
        Assert.Contains("Design summary: Payments", summary, StringComparison.Ordinal);
        // 45 questions, 1 answered, 2 with a stated default (not open items).
        Assert.Contains("Open items (43)", summary, StringComparison.Ordinal);
        Assert.Contains("**2. API** (0/3) · due Thu 26 Nov — not reached", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached yet", summary, StringComparison.Ordinal);
        Assert.Contains("Scope Q2", summary, StringComparison.Ordinal);
        Assert.Contains("closed early", summary, StringComparison.Ordinal);
        Assert.Contains("(closed)", ChatSimulator.AllText(sim.ChannelBotMessages.First()), StringComparison.Ordinal);
    }

    [Fact]
    public void Reopen_is_the_owners_and_resumes_the_step_at_its_first_open_question()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Reply("bob", "scope", "Merchants need to take card payments online");
        sim.Reply("bob", "scope", "done");
        Assert.Equal(DialogStatus.Completed, sim.Review!.Session("scope").Dialog.Status);

        sim.Command("bob", "reopen scope");
        Assert.Equal("Only alice, who started **Payments**, can reopen a step.", ChatSimulator.AllText(LastVisibleTo(sim, "bob")));

        sim.Command("alice", "reopen api");
        Assert.Contains("**API** is not finished", ChatSimulator.AllText(LastVisibleTo(sim, "alice")), StringComparison.Ordinal);
        sim.Command("alice", "reopen 9");
        Assert.Contains("no step `9`", ChatSimulator.AllText(LastVisibleTo(sim, "alice")), StringComparison.Ordinal);

        sim.Command("alice", "reopen 1");
        var dialog = sim.Review!.Session("scope").Dialog;
        Assert.Equal(DialogStatus.Active, dialog.Status);
        Assert.Equal(1, dialog.Index);
        var thread = sim.BotMessagesIn("scope");
        Assert.Contains("alice reopened **Scope the problem**: Q2, Q3", ChatSimulator.AllText(thread[^2]), StringComparison.Ordinal);
        Assert.StartsWith("Q2/10:", thread[^1].Text, StringComparison.Ordinal);

        // The waterfall goes on from there: the next reply answers Q2.
        sim.Reply("carol", "scope", "Shoppers paying by card");
        Assert.Contains(sim.Answers, a => a.StepId == "scope" && a.QuestionIndex == 1 && a.Author.Name == "carol");
        Assert.Equal(DialogStatus.Active, sim.Review!.Session("api").Dialog.Status);
    }

    [Fact]
    public void Reopen_after_close_makes_the_review_active_again_until_the_step_is_done()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Command("alice", "close");
        sim.Command("alice", "reopen scope");
        Assert.Equal(ReviewStatus.Active, sim.Review!.Status);
        Assert.NotNull(sim.Review!.NextWakeAt);
        Assert.Contains("Closed early, with a step reopened", ChatSimulator.AllText(sim.ChannelBotMessages.First()), StringComparison.Ordinal);

        // Closed early, the review does not walk on into the steps it never reached: it is done again, with a summary.
        sim.Reply("alice", "scope", "done");
        Assert.Equal(ReviewStatus.Completed, sim.Review!.Status);
        Assert.Equal(DialogStatus.NotStarted, sim.Review!.Session("api").Dialog.Status);
        Assert.False(sim.HasThread("api"));
        Assert.Equal(2, sim.ChannelBotMessages.Count(m => m.Text.StartsWith("Design summary: Payments", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_step_reopened_while_a_later_one_runs_does_not_hold_back_the_step_after_that()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Reply("alice", "scope", "done");
        sim.Reply("alice", "api", "done");
        Assert.Equal(DialogStatus.Active, sim.Review!.Session("data-model").Dialog.Status);
        sim.Command("alice", "reopen scope");

        // Data model finishes while Scope is open again: Sizing opens all the same.
        sim.Reply("alice", "data-model", "done");
        Assert.Equal(DialogStatus.Active, sim.Review!.Session("sizing").Dialog.Status);
        Assert.Equal(DialogStatus.Active, sim.Review!.Session("scope").Dialog.Status);
    }

    [Fact]
    public void Reopen_in_a_channel_with_a_finished_and_an_active_review_asks_which()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Command("alice", "close");
        sim.Command("alice", "start Ledger");
        sim.Command("alice", "reopen 1");
        var asked = ChatSimulator.AllText(LastVisibleTo(sim, "alice"));
        Assert.Contains("Payments", asked, StringComparison.Ordinal);
        Assert.Contains("Ledger", asked, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Active, sim.Review!.Status); // Ledger, the latest, untouched
        Assert.Equal(DialogStatus.Active, sim.Review!.Session("scope").Dialog.Status);
        Assert.DoesNotContain(sim.BotMessagesIn("scope"), m => m.Text.Contains("reopened", StringComparison.Ordinal));
    }

    [Fact]
    public void A_late_review_reopened_at_the_weekend_gets_its_digest_on_the_next_working_morning_not_at_once()
    {
        var sim = new ChatSimulator(); // Thursday 26 November 09:00
        sim.Command("alice", "start Payments --due tomorrow");
        RunWakesUntil(sim, Z(2026, 11, 27, 18)); // Friday's digest went out
        Assert.Single(Digests(sim));
        sim.SetNow(Z(2026, 11, 27, 18));
        sim.Command("alice", "close");
        // Saturday 22:00: reopened, still late. No digest tonight, nor on Sunday; Monday 09:00 it is in the digest.
        sim.SetNow(Z(2026, 11, 28, 22));
        sim.Command("alice", "reopen scope");
        Assert.True(sim.Review!.NextWakeAt >= Z(2026, 11, 30, 9), $"woken at {sim.Review!.NextWakeAt:o}");
        sim.WakeAt(Z(2026, 11, 28, 22, 5));
        Assert.Single(Digests(sim));
        RunWakesUntil(sim, Z(2026, 11, 30, 10));
        Assert.Equal(2, Digests(sim).Count);
        Assert.Equal(Z(2026, 11, 30, 9), Minute(Digests(sim)[^1].Ts));
    }

    [Fact]
    public void A_wake_decided_on_a_host_whose_clock_runs_behind_still_sends_what_was_due_and_moves_on()
    {
        var sim = new ChatSimulator(); // Thursday 09:00
        sim.Command("alice", "start Payments");
        var due = sim.Review!.NextWakeAt!.Value; // Friday 09:00
        sim.WakeAt(due, clockAt: due.AddMinutes(-3));
        Assert.Single(Reminders(sim, "scope"));
        Assert.True(sim.Review!.NextWakeAt > due);
    }

    [Fact]
    public void Reminders_follow_the_reviews_time_zone_across_the_spring_change()
    {
        // Friday 26 March 2027, 10:00 CET = 09:00 UTC. Clocks go forward on Sunday 28 March.
        var sim = new ChatSimulator(start: Z(2027, 3, 26, 9));
        sim.Command("alice", "start Payments --tz Europe/Berlin");
        // Monday 29 March 10:00 CEST = 08:00 UTC (not 09:00: that would be 11:00 in Berlin).
        Assert.Equal(Z(2027, 3, 29, 8), Minute(sim.Review!.NextWakeAt));
        sim.WakeAt(Z(2027, 3, 29, 7, 30)); // 09:30 in Berlin: working time, but not quiet long enough
        Assert.Empty(Reminders(sim, "scope"));
        sim.WakeAt(sim.Review!.NextWakeAt!.Value);
        Assert.Single(Reminders(sim, "scope"));
    }

    [Fact]
    public void Reminders_follow_the_reviews_time_zone_across_the_autumn_change()
    {
        // Friday 23 October 2026, 10:00 CEST = 08:00 UTC. Clocks go back on Sunday 25 October.
        var sim = new ChatSimulator(start: Z(2026, 10, 23, 8));
        sim.Command("alice", "start Payments --tz Europe/Berlin");
        // Monday 26 October 10:00 CET = 09:00 UTC.
        Assert.Equal(Z(2026, 10, 26, 9), Minute(sim.Review!.NextWakeAt));
        sim.WakeAt(Z(2026, 10, 26, 8)); // 09:00 in Berlin: the hour a fixed offset would pick
        Assert.Empty(Reminders(sim, "scope"));
        sim.WakeAt(sim.Review!.NextWakeAt!.Value);
        Assert.Single(Reminders(sim, "scope"));
    }

    [Fact]
    public void Working_hours_and_days_are_configurable()
    {
        // Sunday to Thursday, 08:00–12:00: a Thursday 11:00 start is quiet for a working day by Sunday 11:00.
        var settings = ReminderSettings.Default with
        {
            WorkdayStart = new(8, 0),
            WorkdayEnd = new(12, 0),
            WorkingDays = new HashSet<DayOfWeek> { DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday },
        };
        var sim = new ChatSimulator(reminders: settings, start: Z(2026, 11, 26, 11));
        sim.Command("alice", "start Payments");
        Assert.Equal(Z(2026, 11, 29, 11), Minute(sim.Review!.NextWakeAt));
    }

    [Fact]
    public void A_reopened_step_finishing_again_opens_no_extra_step_and_a_finished_review_gets_a_new_summary()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments");
        sim.Reply("alice", "scope", "done");
        sim.Command("alice", "reopen scope");
        sim.Reply("alice", "scope", "done");
        Assert.Equal(DialogStatus.Active, sim.Review!.Session("api").Dialog.Status);
        Assert.Equal(DialogStatus.NotStarted, sim.Review!.Session("data-model").Dialog.Status);

        foreach (var step in sim.Template.Steps.Skip(1))
            sim.Reply("alice", step.Id, "done");
        Assert.Equal(ReviewStatus.Completed, sim.Review!.Status);
        sim.Command("alice", "reopen 2");
        sim.Reply("alice", "api", "done");
        Assert.Equal(ReviewStatus.Completed, sim.Review!.Status);
        Assert.Equal(2, sim.ChannelBotMessages.Count(m => m.Text.StartsWith("Design summary: Payments", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_start_with_a_deadline_it_cannot_read_is_not_acknowledged_as_starting()
    {
        var at = Z(2026, 11, 26, 9);
        Assert.Null(ReviewEngine.Acknowledge(new Events.CommandEvent("e1", ChatSimulator.Channel, new Events.UserRef("U-alice", "alice"), at, "start Payments --due whenever")));
        Assert.Null(ReviewEngine.Acknowledge(new Events.CommandEvent("e2", ChatSimulator.Channel, new Events.UserRef("U-alice", "alice"), at, "start Payments --tz Nowhere/Else")));
        Assert.NotNull(ReviewEngine.Acknowledge(new Events.CommandEvent("e3", ChatSimulator.Channel, new Events.UserRef("U-alice", "alice"), at, "start Payments --due friday --tz Europe/Berlin")));
        Assert.Null(ReviewEngine.Acknowledge(new Events.CommandEvent("e4", ChatSimulator.Channel, new Events.UserRef("U-alice", "alice"), at, "start Payments --template no-such-template")));
    }

    [Fact]
    public void The_schedule_round_trips_through_the_stores_json()
    {
        var sim = new ChatSimulator();
        sim.Command("alice", "start Payments --due tomorrow --tz Europe/Berlin");
        RunWakesUntil(sim, Z(2026, 11, 27, 12));
        sim.Command("bob", "snooze monday");
        var state = sim.Review!;
        Assert.NotNull(state.Schedule.LastDigestDay);
        Assert.Contains(state.Schedule.Steps, s => s.Late && s.LastReminderAt is not null);

        var json = Json.CoreJson.Serialize(state);
        var back = Json.CoreJson.Deserialize<ReviewState>(json);
        Assert.Equal(json, Json.CoreJson.Serialize(back));
        Assert.Equal(state.Schedule.Deadline, back.Schedule.Deadline);
        Assert.Equal(state.Schedule.LastDigestDay, back.Schedule.LastDigestDay);
        Assert.Equal(state.Schedule.SnoozedUntil, back.Schedule.SnoozedUntil);
        Assert.Equal(state.NextWakeAt, back.NextWakeAt);
    }
}
