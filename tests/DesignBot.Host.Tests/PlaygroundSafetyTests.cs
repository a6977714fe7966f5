using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using DesignBot.Core.Events;
using DesignBot.Core.Storage;
using DesignBot.Pipeline;
using DesignBot.Playground;
using DesignBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DesignBot.Host.Tests;

/// <summary>The playground probed as an attacker would, and a host whose inbox fails: what users see stays true.</summary>
public sealed class PlaygroundSafetyTests : IDisposable
{
    private readonly List<HostFactory> _factories = [];

    public void Dispose()
    {
        foreach (var factory in _factories)
            factory.Dispose();
    }

    private HostFactory Factory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var factory = new HostFactory(settings, services);
        _factories.Add(factory);
        return factory;
    }

    /// <summary>The inbox of the real store, which fails while <see cref="Failing"/> and records what it accepted.</summary>
    public class Inbox : DispatchProxy
    {
        public IReviewStore Inner { get; set; } = null!;
        public bool Failing { get; set; }
        public ConcurrentQueue<(string EventId, bool New)> Accepted { get; } = new();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name != nameof(IReviewStore.AcceptAsync))
                return targetMethod.Invoke(Inner, args);
            if (Failing)
                return Task.FromException<bool>(new TransientStoreException("The inbox is unavailable (test)."));
            return RecordAsync((InboundEvent)args![0]!, (Task<bool>)targetMethod.Invoke(Inner, args)!);
        }

        private async Task<bool> RecordAsync(InboundEvent inbound, Task<bool> accepting)
        {
            var isNew = await accepting;
            Accepted.Enqueue((inbound.EventId, isNew));
            return isNew;
        }
    }

    private (HostFactory Factory, Inbox Inbox) WithInbox()
    {
        Inbox? inbox = null;
        var factory = Factory(services: services => services.AddSingleton(sp =>
        {
            var proxy = DispatchProxy.Create<IReviewStore, Inbox>();
            inbox = (Inbox)(object)proxy;
            inbox.Inner = sp.GetRequiredService<IReviewStore>();
            return new EventIntake(proxy, sp.GetRequiredService<InboxQueue>(), sp.GetRequiredService<TimeProvider>());
        }));
        factory.Services.GetRequiredService<EventIntake>();
        return (factory, inbox!);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task A_post_the_inbox_cannot_take_is_not_shown_gets_503_and_its_retry_is_posted_once()
    {
        var (factory, inbox) = WithInbox();
        var client = factory.Playground();
        var post = new { user = "alice", text = "/design start Retry", threadId = (string?)null, clientId = "c-1" };
        inbox.Failing = true;

        var refused = await client.Http.PostAsJsonAsync("/playground/api/messages", post);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("send it again", await ErrorOf(refused), StringComparison.Ordinal);
        Assert.Empty(await client.MessagesAsync());

        inbox.Failing = false;
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/playground/api/messages", post)).StatusCode);
        var again = await client.Http.PostAsJsonAsync("/playground/api/messages", post);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);

        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.StartsWith("Design review: Retry", StringComparison.Ordinal)), "the review card");
        Assert.Single(messages, m => m.Text == "/design start Retry");
        Assert.Equal([true, false], inbox.Accepted.Where(a => System.Text.RegularExpressions.Regex.IsMatch(a.EventId, "^pg-pm[0-9]+$")).Select(a => a.New));
    }

    [Fact]
    public async Task An_edit_or_deletion_the_inbox_cannot_take_changes_nothing_on_screen_and_works_when_retried()
    {
        var (factory, inbox) = WithInbox();
        var client = factory.Playground();
        await client.SendAsync("alice", "/design start Edits");
        var root = (await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/10: ", StringComparison.Ordinal)), "Q1"))
            .Single(x => x.IsBot && x.Text.StartsWith("Step 1/6", StringComparison.Ordinal)).Id;
        var reply = await client.SendAsync("bob", "first draft", root);

        inbox.Failing = true;
        var edit = await client.Http.PatchAsJsonAsync($"/playground/api/messages/{reply.Id}", new { user = "bob", text = "final answer" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, edit.StatusCode);
        var deletion = await client.DeleteAsync("bob", reply.Id);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, deletion.StatusCode);
        var shown = (await client.MessagesAsync()).Single(m => m.Id == reply.Id);
        Assert.Equal(("first draft", false), (shown.Text, shown.Edited));

        inbox.Failing = false;
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PatchAsJsonAsync($"/playground/api/messages/{reply.Id}", new { user = "bob", text = "final answer" })).StatusCode);
        Assert.Equal("final answer", (await client.MessagesAsync()).Single(m => m.Id == reply.Id).Text);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("bob", reply.Id)).StatusCode);
        Assert.DoesNotContain(await client.MessagesAsync(), m => m.Id == reply.Id);
    }

    [Fact]
    public async Task A_retried_button_press_is_the_same_event_and_the_inbox_drops_it()
    {
        var (factory, inbox) = WithInbox();
        var client = factory.Playground();
        await client.SendAsync("alice", "/design start Presses");
        var q1 = (await client.WaitForAsync(m => m.Any(x => x.IsBot && x.Text.Contains("Q1/10: ", StringComparison.Ordinal)), "Q1"))
            .Single(x => x.IsBot && x.Text.Contains("Q1/10: ", StringComparison.Ordinal));
        var skip = q1.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "buttons").GetProperty("buttons")[0];
        var press = new { user = "bob", messageId = q1.Id, actionId = skip.GetProperty("actionId").GetString(), value = skip.GetProperty("value").GetString() };

        Assert.Equal(HttpStatusCode.Accepted, (await client.Http.PostAsJsonAsync("/playground/api/actions", press)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.Http.PostAsJsonAsync("/playground/api/actions", press)).StatusCode);

        var presses = inbox.Accepted.Where(a => a.EventId.Contains("-press-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, presses.Count);
        Assert.Equal(presses[0].EventId, presses[1].EventId);
        Assert.Equal([true, false], presses.Select(p => p.New));
    }

    [Fact]
    public async Task A_cross_site_text_plain_post_or_another_origin_cannot_act()
    {
        var http = Factory().CreateClient();
        var body = "{\"user\":\"mallory\",\"text\":\"/design start Forged\"}";

        var plain = await http.PostAsync("/playground/api/messages", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("application/json", await ErrorOf(plain), StringComparison.Ordinal);

        var foreign = new HttpRequestMessage(HttpMethod.Post, "/playground/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreign.Headers.Add("Origin", "https://attacker.example");
        var fromElsewhere = await http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Contains("other websites", await ErrorOf(fromElsewhere), StringComparison.Ordinal);

        Assert.Empty(await new PlaygroundClient(http).MessagesAsync());

        var own = new HttpRequestMessage(HttpMethod.Post, "/playground/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        own.Headers.Add("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task Only_the_author_deletes_a_message()
    {
        var client = Factory().Playground();
        var said = await client.SendAsync("bob", "hello");
        var refused = await client.DeleteAsync("carol", said.Id);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Only bob", await ErrorOf(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/playground/api/messages/{said.Id}") { Content = JsonContent.Create(new { }) })).StatusCode);
        Assert.Contains(await client.MessagesAsync(), m => m.Id == said.Id);
    }

    [Fact]
    public async Task Callers_from_other_machines_get_403_unless_remote_access_is_allowed()
    {
        var local = Factory();
        local.RemoteAddress = IPAddress.Parse("203.0.113.9");
        var http = local.CreateClient();
        foreach (var path in new[] { "/", "/app.js", "/playground/api/messages", "/playground/api/events" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("AllowRemote", await ErrorOf(response), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        var open = Factory(new Dictionary<string, string?> { ["Playground:AllowRemote"] = "true" });
        open.RemoteAddress = IPAddress.Parse("203.0.113.9");
        Assert.Equal(HttpStatusCode.OK, (await open.CreateClient().GetAsync("/playground/api/messages")).StatusCode);
    }

    [Fact]
    public async Task A_host_name_other_than_this_machine_or_the_public_url_is_a_400()
    {
        var http = Factory(new Dictionary<string, string?> { ["DesignBot:PublicBaseUrl"] = "https://designbot.example.com" }).CreateClient();
        var rebound = new HttpRequestMessage(HttpMethod.Get, "/playground/api/messages");
        rebound.Headers.Host = "rebind.attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);

        var named = new HttpRequestMessage(HttpMethod.Get, "/playground/api/messages");
        named.Headers.Host = "designbot.example.com";
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(named)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/playground/api/messages")).StatusCode);
    }

    [Fact]
    public async Task The_page_and_the_api_forbid_framing_sniffing_and_inline_script()
    {
        var http = Factory().CreateClient();
        foreach (var path in new[] { "/", "/app.js", "/playground/api/messages" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        // The page itself needs no inline script, so the policy costs it nothing.
        var page = await http.GetStringAsync("/");
        Assert.Contains("<script src=", page, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", page);
        Assert.DoesNotMatch("\\son[a-z]+=", page);
    }

    [Fact]
    public async Task The_history_comes_a_page_at_a_time_newest_first_with_a_maximum_size()
    {
        var client = Factory().Playground();
        for (var i = 1; i <= 7; i++)
            await client.SendAsync("alice", $"chatter {i}");

        var newest = await client.Http.GetFromJsonAsync<JsonElement>("/playground/api/messages?limit=3");
        Assert.Equal(["chatter 5", "chatter 6", "chatter 7"], newest.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        var older = await client.Http.GetFromJsonAsync<JsonElement>($"/playground/api/messages?limit=3&before={newest.GetProperty("older").GetString()}");
        Assert.Equal(["chatter 2", "chatter 3", "chatter 4"], older.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(7, (await client.MessagesAsync()).Count);

        var tooMany = await client.Http.GetAsync($"/playground/api/messages?limit={PlaygroundApi.MaxPageSize + 1}");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains($"between 1 and {PlaygroundApi.MaxPageSize}", await ErrorOf(tooMany), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/playground/api/messages?before=x'1")).StatusCode);
    }

    [Fact]
    public async Task An_open_event_stream_ends_when_the_host_stops()
    {
        var factory = Factory();
        var http = factory.CreateClient();
        using var response = await http.GetAsync("/playground/api/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());
        var hub = factory.Services.GetRequiredService<PlaygroundHub>();
        Assert.Equal(1, hub.SubscriberCount);

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // The stream reaches its end (the guard only keeps a broken build from hanging the run).
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("", rest.Trim());
        Assert.Equal(0, hub.SubscriberCount);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((logLevel, formatter(state, exception)));
        }
    }

    [Fact]
    public async Task Unset_it_is_on_without_a_chat_platform_and_off_beside_one()
    {
        var alone = Factory(new Dictionary<string, string?> { ["Playground:Enabled"] = null });
        Assert.Equal(HttpStatusCode.OK, (await alone.CreateClient().GetAsync("/")).StatusCode);

        var besideSlack = Factory(new Dictionary<string, string?> { ["Playground:Enabled"] = null, ["Slack:BotToken"] = "xoxb-test", ["Slack:SigningSecret"] = "test-secret", ["Slack:ApiBaseUrl"] = UnreachableSlack }).CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await besideSlack.GetAsync("/playground/api/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await besideSlack.GetAsync("/healthz")).StatusCode);

        var besideTeams = Factory(new Dictionary<string, string?> { ["Playground:Enabled"] = null, ["Teams:MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001", ["Teams:MicrosoftAppPassword"] = "test-secret", ["Teams:MicrosoftAppTenantId"] = "00000000-0000-0000-0000-0000000000aa" }).CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await besideTeams.GetAsync("/")).StatusCode);

        var off = Factory(new Dictionary<string, string?> { ["Playground:Enabled"] = "false" }).CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await off.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Turned_off_it_leaves_no_history_file_behind()
    {
        var off = Factory(new Dictionary<string, string?> { ["Playground:Enabled"] = "false" });
        Assert.Equal(HttpStatusCode.OK, (await off.CreateClient().GetAsync("/healthz")).StatusCode);
        // The workers (and the dispatcher, which holds every channel client) are running by now.
        Assert.True(File.Exists(Path.Combine(off.DataDir, "designbot.db")));
        Assert.False(File.Exists(Path.Combine(off.DataDir, "playground.db")));
    }

    // A complete Slack configuration (Slack validates its settings at start); nothing answers there, so signing in is retried in the background.
    private const string UnreachableSlack = "http://127.0.0.1:9/api/";

    [Fact]
    public async Task Turned_on_beside_a_chat_platform_it_works_and_the_host_warns_at_start()
    {
        var logs = new CapturedLogs();
        var factory = Factory(new Dictionary<string, string?> { ["Playground:Enabled"] = "true", ["Slack:BotToken"] = "xoxb-test", ["Slack:SigningSecret"] = "test-secret", ["Slack:ApiBaseUrl"] = UnreachableSlack },
            services => services.AddSingleton<ILoggerProvider>(logs));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/")).StatusCode);
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("playground is on beside a chat platform", StringComparison.Ordinal));
        Assert.Contains("Slack", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-test", warning.Text, StringComparison.Ordinal);

        var quiet = new CapturedLogs();
        var alone = Factory(services: services => services.AddSingleton<ILoggerProvider>(quiet));
        Assert.Equal(HttpStatusCode.OK, (await alone.CreateClient().GetAsync("/")).StatusCode);
        Assert.DoesNotContain(quiet.Lines, l => l.Text.Contains("beside a chat platform", StringComparison.Ordinal));
    }
}
