using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DesignBot.Testing;

/// <summary>
/// The real host as its own process on 127.0.0.1 (Kestrel, real workers), for tests that need a real port
/// (the browser) or a real crash (kill -9). Data lives in a folder that outlives a kill, so a restart continues.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private HostProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts the host with its own SQLite files in <paramref name="dataDir"/>; settings override any default.</summary>
    public static Task<HostProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(dataDir, settings, urlsFromEnvironment: false);

    /// <summary>
    /// As <see cref="StartAsync(string, IReadOnlyDictionary{string, string}?)"/>, but told where to listen only by ASPNETCORE_URLS, as a container is.
    /// It runs with the host's own appsettings.json (from the test's output folder), so a setting there that overrode the environment would show.
    /// </summary>
    public static Task<HostProcess> StartWithEnvironmentUrlsAsync(string dataDir) =>
        StartAsync(dataDir, new Dictionary<string, string> { ["contentRoot"] = AppContext.BaseDirectory }, urlsFromEnvironment: true);

    private static async Task<HostProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? settings, bool urlsFromEnvironment)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var process = Process.Start(StartInfo(dataDir, url, settings, urlsFromEnvironment))!;
        var host = new HostProcess(process, url);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitHealthyAsync();
        return host;
    }

    /// <summary>What a host that stopped by itself left behind.</summary>
    public sealed record Exited(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs a host that is expected to stop by itself (a refused start) and waits for it to exit.</summary>
    public static async Task<Exited> RunToExitAsync(string dataDir, IReadOnlyDictionary<string, string>? settings = null)
    {
        using var process = Process.Start(StartInfo(dataDir, $"http://127.0.0.1:{FreePort()}", settings, urlsFromEnvironment: false))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not exit by itself:\n{await stdout}\n{await stderr}");
        }
        return new Exited(process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo StartInfo(string dataDir, string url, IReadOnlyDictionary<string, string>? settings, bool urlsFromEnvironment)
    {
        Directory.CreateDirectory(dataDir);
        var config = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(dataDir, "designbot.db"),
            ["Playground:Enabled"] = "true",
            ["Playground:Path"] = Path.Combine(dataDir, "playground.db"),
            ["DesignBot:PublicBaseUrl"] = url,
            ["DesignBot:LinkSigningKey"] = "process-test-key",
            ["DesignBot:InstanceId"] = "test-host",
            // Tests and benchmarks ask the next question at once; the settle pause has tests of its own.
            ["DesignBot:SettleSeconds"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            config[key] = value;

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DesignBot.Host.dll"));
        // Whatever the test runner's environment says, the host listens only where this test tells it.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        if (urlsFromEnvironment)
        {
            start.Environment["ASPNETCORE_URLS"] = url;
        }
        else
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
        }
        foreach (var (key, value) in config)
            start.ArgumentList.Add($"--{key}={value}");
        return start;
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash looks like.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// Stops the host as an operator's restart does (SIGTERM): sends in flight finish and are recorded, turns in flight
    /// commit. Killed when it has not stopped within the timeout.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
            return;
        if (SendSignal(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"Could not signal the host (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not stop within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s of SIGTERM:\n{Output}");
        }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitHealthyAsync()
    {
        using var http = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The host did not become healthy:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
