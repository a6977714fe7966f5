using DesignBot.Core.Events;
using DesignBot.Core.Turns;
using DesignBot.Core.Messages;
using DesignBot.Core.Reviews;
using DesignBot.Testing;

namespace DesignBot.Pipeline.Tests;

public sealed class UserNamesTests
{
    [Fact]
    public async Task A_user_who_arrives_with_an_id_only_is_shown_by_name_looked_up_once()
    {
        var shell = new Shell();
        shell.Client.KnowsUser("U7", "Ada Lovelace");
        var idOnly = new UserRef("U7", "");

        await shell.CommandAsync("start Payments", idOnly);
        await shell.DispatchAllAsync();
        await shell.ReplyAsync(shell.ThreadOf("scope"), "Merchants asked for it", idOnly);

        var review = (await shell.Store.GetReviewAsync(TurnProcessorIds.First))!;
        Assert.Equal("Ada Lovelace", review.State.Owner.Name);
        Assert.Equal("Ada Lovelace", Assert.Single(review.Answers).Author.Name);
        Assert.Equal(["U7"], shell.Client.NameLookups);
    }

    [Fact]
    public async Task Members_mentioned_by_id_only_are_named_in_the_stored_text_after_the_ack()
    {
        var client = new FakeChannelClient(TimeProvider.System, "test");
        client.KnowsUser("U2", "bob");
        var names = new UserNames([client]);
        var reply = new ThreadReplyEvent("e1", new ChannelRef("test", "C1"), new UserRef("U1", "alice"), DateTimeOffset.UnixEpoch, "t1", "m1", "@U2 sure, and @U3 too")
        {
            UnnamedMentions = ["U2", "U3"],
        };

        var named = (ThreadReplyEvent)await names.ResolveAsync(reply);

        Assert.Equal("@bob sure, and @U3 too", named.Text); // U3 is unknown to the platform: it stays an id
        Assert.Null(named.UnnamedMentions);
    }

    [Fact]
    public async Task When_the_platform_cannot_say_the_turn_goes_on_with_the_id()
    {
        var shell = new Shell();
        shell.Client.NameLookupFailure = new HttpRequestException("users.info failed");

        var decision = await shell.CommandAsync("start Payments", new UserRef("U9", ""));

        Assert.Equal("U9", decision.NewState!.Owner.Name);
        await shell.DispatchAllAsync();
        Assert.Contains("U9", string.Join("\n", shell.Client.Posts.Single(p => p.Message.Key == ReviewState.CardKey).Message.Body.Blocks.OfType<FieldsBlock>().SelectMany(f => f.Fields).Select(f => f.Value)));
    }

    [Fact]
    public async Task An_event_that_names_its_user_is_not_looked_up()
    {
        var shell = new Shell();

        await shell.CommandAsync("start Payments", new UserRef("U1", "alice"));

        Assert.Empty(shell.Client.NameLookups);
    }
}

internal static class TurnProcessorIds
{
    /// <summary>The id of the review the shell's first event starts (derived from its event id).</summary>
    public static string First => Core.Turns.TurnProcessor.ReviewIdFor(new CommandEvent("e1", Shell.Channel, new UserRef("", ""), Shell.T0, ""));
}

public sealed class EventIntakeTests
{
    private static readonly ChannelRef Channel = new("test", "C1");
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_start_is_accepted_with_an_immediate_line_and_its_retry_is_a_duplicate_with_the_same_line()
    {
        var store = new InMemoryReviewStore();
        var queue = new InboxQueue();
        var intake = new EventIntake(store, queue, TimeProvider.System);
        var start = new CommandEvent("E1", Channel, new UserRef("U1", "alice"), T0, "start URL shortener --parallel");

        var first = await intake.AcceptAsync(start);
        var retry = await intake.AcceptAsync(start);

        Assert.Equal(IntakeOutcome.Accepted, first.Outcome);
        Assert.Equal("Starting review *URL shortener*…", Assert.IsType<TextBlock>(Assert.Single(first.ImmediateResponse!.Blocks)).Markdown);
        Assert.Equal(IntakeOutcome.Duplicate, retry.Outcome);
        Assert.Equal(first.ImmediateResponse?.FallbackText, retry.ImmediateResponse?.FallbackText);
        Assert.Single(await store.PendingInboxAsync(10));
        Assert.True(queue.Reader.TryRead(out _));
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Thread_replies_and_other_commands_need_no_immediate_line()
    {
        var intake = new EventIntake(new InMemoryReviewStore(), new InboxQueue(), TimeProvider.System);

        var reply = await intake.AcceptAsync(new ThreadReplyEvent("E2", Channel, new UserRef("U1", "alice"), T0, "T1", "M1", "100M users"));
        var status = await intake.AcceptAsync(new CommandEvent("E3", Channel, new UserRef("U1", "alice"), T0, "status"));

        Assert.True(reply.Accepted);
        Assert.Null(reply.ImmediateResponse);
        Assert.Null(status.ImmediateResponse);
    }
}
