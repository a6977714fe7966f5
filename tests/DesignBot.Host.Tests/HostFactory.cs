using System.Net;
using DesignBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DesignBot.Host.Tests;

/// <summary>
/// The real host in memory, with its own SQLite files in a temp folder and the playground on. Requests come from
/// <see cref="RemoteAddress"/> (loopback unless a test plays a caller from elsewhere); settings override the defaults
/// (a null value unsets one); <c>services</c> replaces registrations after the host's own.
/// </summary>
public sealed class HostFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "designbot-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The address the in-memory server reports for every request (a test server reports none).</summary>
    public IPAddress? RemoteAddress { get; set; } = IPAddress.Loopback;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var config = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(DataDir, "designbot.db"),
            ["Playground:Enabled"] = "true",
            ["Playground:Path"] = Path.Combine(DataDir, "playground.db"),
            ["DesignBot:PublicBaseUrl"] = "http://localhost",
            ["DesignBot:LinkSigningKey"] = "test-signing-key",
            ["DesignBot:SettleSeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        foreach (var (key, value) in config)
            builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddressFilter(this)));
        if (services is not null)
            builder.ConfigureTestServices(services);
    }

    public PlaygroundClient Playground() => new(CreateClient());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class RemoteAddressFilter(HostFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = factory.RemoteAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
