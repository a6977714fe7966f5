using DesignBot.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DesignBot.Host.Hosting;

/// <summary>
/// Where DesignBot's traces and metrics go (the core and pipeline only emit them, through System.Diagnostics):
/// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (traces, metrics and logs; the other standard
/// <c>OTEL_*</c> variables apply), and to a Prometheus scrape endpoint at <c>/metrics</c> when
/// <c>Telemetry:Prometheus</c> is true. With neither, nothing is collected.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string PrometheusKey = "Telemetry:Prometheus";
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddDesignBotTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var prometheus = builder.Configuration.GetValue<bool>(PrometheusKey);
        if (!otlp && !prometheus)
            return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "designbot",
                serviceInstanceId: builder.Configuration["DesignBot:InstanceId"] ?? Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DesignBotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (prometheus)
                    metrics.AddPrometheusExporter();
            });
        if (otlp)
        {
            // Traces only where they can go: an OTLP collector. The intake's span joins the request's trace.
            telemetry
                .WithTracing(tracing => tracing.AddSource(DesignBotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
        return builder;
    }

    public static WebApplication MapDesignBotTelemetry(this WebApplication app)
    {
        var prometheus = app.Configuration.GetValue<bool>(PrometheusKey);
        if (prometheus)
            app.MapPrometheusScrapingEndpoint(ScrapePath);
        // The endpoint itself is not logged: a collector's address may carry credentials in its query.
        Log.TelemetryConfigured(app.Logger, string.IsNullOrWhiteSpace(app.Configuration[OtlpEndpointKey]) ? "off" : "on", prometheus ? ScrapePath : "off");
        return app;
    }
}
