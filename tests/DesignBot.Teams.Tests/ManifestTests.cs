using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace DesignBot.Teams.Tests;

/// <summary>manifests/teams: the manifest, its icons and the script that checks them and zips the app package.</summary>
public sealed class ManifestTests : IDisposable
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private readonly string _work = Directory.CreateTempSubdirectory("designbot-manifest").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DesignBot.sln")))
                return Path.Combine(dir.FullName, "manifests", "teams");
        }
        throw new DirectoryNotFoundException("The repository root (DesignBot.sln) is not above the test's folder.");
    }

    private static async Task<(int ExitCode, string Output)> PackageAsync(string folder, string appId, string output)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(folder, "package.py"), "--app-id", appId, "--host", "https://designbot.example.com/", "--out", output })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task The_package_holds_a_checked_manifest_for_this_app_and_its_two_icons()
    {
        var zip = Path.Combine(_work, "designbot-teams.zip");
        var (exit, output) = await PackageAsync(Folder(), AppId, zip);
        Assert.True(exit == 0, output);

        using var package = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], package.Entries.Select(e => e.FullName).Order());
        using var reader = new StreamReader(package.GetEntry("manifest.json")!.Open());
        var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
        Assert.True(Version.Parse(manifest["manifestVersion"]!.GetValue<string>()) >= new Version(1, 22));
        var bot = manifest["bots"]![0]!;
        Assert.Equal(AppId, bot["botId"]!.GetValue<string>());
        Assert.Equal(["team", "groupChat", "personal"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["start", "templates", "status", "summary", "export", "due", "remind", "snooze", "close", "help"], bot["commandLists"]![0]!["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        Assert.Equal(AppId, manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Equal("ChannelMessage.Read.Group", manifest["authorization"]!["permissions"]!["resourceSpecific"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("designbot.example.com", manifest["validDomains"]![0]!.GetValue<string>());
        Assert.DoesNotContain("{{", manifest.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_teams_would_refuse_is_not_packaged_and_each_problem_is_named()
    {
        // A copy whose outline icon is the 192x192 colour one, with a name too long.
        var folder = Path.Combine(_work, "teams");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Folder()))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.Copy(Path.Combine(folder, "color.png"), Path.Combine(folder, "outline.png"), overwrite: true);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json")))!;
        manifest["name"]!["short"] = new string('D', 31);
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());

        var zip = Path.Combine(_work, "refused.zip");
        var (exit, output) = await PackageAsync(folder, AppId, zip);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(zip));
        Assert.Contains("name.short is 31 characters; Teams allows 30", output, StringComparison.Ordinal);
        Assert.Contains("icons.outline is 192x192; Teams wants 32x32", output, StringComparison.Ordinal);
        Assert.Contains("icons.outline must have a transparent background", output, StringComparison.Ordinal);
        // Without an app id there is no package either.
        Assert.Equal(1, (await PackageAsync(Folder(), "not-a-guid", zip)).ExitCode);
    }
}
