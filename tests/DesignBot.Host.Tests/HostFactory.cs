using DesignBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DesignBot.Host.Tests;

/// <summary>The real host in memory, with its own SQLite files in a temp folder and the playground on.</summary>
public sealed class HostFactory : WebApplicationFactory<Program>
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "designbot-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:Sqlite:Path", Path.Combine(DataDir, "designbot.db"));
        builder.UseSetting("Playground:Enabled", "true");
        builder.UseSetting("Playground:Path", Path.Combine(DataDir, "playground.db"));
        builder.UseSetting("DesignBot:PublicBaseUrl", "http://localhost");
        builder.UseSetting("DesignBot:LinkSigningKey", "test-signing-key");
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
}
