namespace DesignBot.Slack.Tests.Fakes;

/// <summary>A fake Slack Web API for one test class, and a data folder for the host processes it starts, removed afterwards.</summary>
public abstract class FakeSlackWithDataDir(string folder) : IAsyncLifetime
{
    protected string DataDir { get; } = Path.Combine(Path.GetTempPath(), folder, Guid.NewGuid().ToString("N"));

    protected FakeSlack Slack { get; private set; } = null!;

    public async Task InitializeAsync() => Slack = await FakeSlack.StartAsync();

    public async Task DisposeAsync()
    {
        await Slack.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fake Slack Web API and the real host in memory configured against it, for one test class.</summary>
public abstract class FakeSlackWithHost : IAsyncLifetime
{
    protected FakeSlack Slack { get; private set; } = null!;

    protected SlackHostFactory Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Slack = await FakeSlack.StartAsync();
        Host = new SlackHostFactory(Slack);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
