using System.Diagnostics;
using System.Net;
using DesignBot.Core.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace DesignBot.Host.Tests;

/// <summary>The host's telemetry wiring: the Prometheus scrape endpoint when configured, OTLP traces when an endpoint is set.</summary>
public sealed class TelemetryEndpointTests : IDisposable
{
    private readonly HostFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Metrics_are_not_served_unless_configured()
    {
        var response = await _factory.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_Prometheus_on_metrics_serves_the_DesignBot_counters_as_Prometheus_text()
    {
        using var host = _factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:Prometheus", "true"));
        var client = new Testing.PlaygroundClient(host.CreateClient());
        await client.SendAsync("alice", "/design start URL shortener");
        await client.WaitForAsync(m => m.Any(x => x.IsBot), "the review card");

        var response = await client.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE designbot_events_total counter", text, StringComparison.Ordinal);
        Assert.Contains("designbot_events_total{otel_scope_name=\"DesignBot\",outcome=\"accepted\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_one_posted_message_is_one_trace_from_the_request_through_the_turn_to_each_send()
    {
        var spans = new List<Activity>();
        using var host = _factory.WithWebHostBuilder(b => b
            // Nothing listens there: exports fail quietly; the in-memory exporter beside it is what the test reads.
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        var client = new Testing.PlaygroundClient(host.CreateClient());

        // Activity sources are process-wide (other tests' hosts run beside this one): the message is posted under a
        // trace id of the test's own, which the request continues, so the test reads only its own trace.
        var traceId = ActivityTraceId.CreateRandom();
        client.Http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        await client.SendAsync("alice", "/design start URL shortener");
        client.Http.DefaultRequestHeaders.Remove("traceparent");
        var posts = (await client.WaitForAsync(m => m.Count(x => x.IsBot) >= 3, "the card and step 1")).Count(x => x.IsBot);

        // The in-memory exporter appends as spans end; ToArray copies without enumerating.
        List<Activity> Trace() => [.. spans.ToArray().Where(s => s is not null && s.TraceId == traceId)];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The request's own span ends after the client has its response, so it may be exported after the sends: wait for it too.
        bool Complete(List<Activity> trace) =>
            trace.Count(s => s.OperationName == "designbot.send") >= posts
            && trace.FirstOrDefault(s => s.OperationName == "designbot.intake") is { } intake && trace.Any(s => s.SpanId == intake.ParentSpanId);
        while (!Complete(Trace()))
            await Task.Delay(10, guard.Token);

        var all = Trace();
        var intake = Assert.Single(all, s => s.OperationName == "designbot.intake");
        var request = Assert.Single(all, s => s.SpanId == intake.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        var turn = Assert.Single(all, s => s.OperationName == "designbot.turn");
        Assert.Equal(intake.SpanId, turn.ParentSpanId);
        var sends = all.Where(s => s.OperationName == "designbot.send").ToList();
        Assert.All(sends, s => Assert.Equal(turn.SpanId, s.ParentSpanId));
        Assert.True(sends.Count >= posts);
        Assert.Equal(DesignBotTelemetry.Name, intake.Source.Name);
    }
}
