using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DesignBot.Teams.Tests;

/// <summary>
/// Runs cards through the official Adaptive Cards parser (the <c>adaptivecards</c> npm package) in Node. scripts/test
/// installs the package into .tools/adaptivecards and exports DESIGNBOT_ADAPTIVECARDS (its node_modules): there a missing
/// package fails the test with the reason. Run on its own, the test looks in .tools/ and checks nothing when it is absent.
/// </summary>
public static class CardParser
{
    public const string EnvironmentVariable = "DESIGNBOT_ADAPTIVECARDS";

    /// <summary>The parser's objections to each card with any, by index; empty when every card passes.</summary>
    public static async Task<string?> ProblemsAsync(IReadOnlyList<JsonObject> cards)
    {
        var modules = Modules();
        if (modules is null)
            return null;
        var file = Path.Combine(Path.GetTempPath(), $"designbot-cards-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonArray([.. cards.Select(c => (JsonNode)c.DeepClone())]).ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cards", "validate-cards.mjs"));
            start.ArgumentList.Add(modules);
            start.ArgumentList.Add(file);
            using var node = Process.Start(start)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode is 0 or 1, $"the card parser failed to run ({node.ExitCode}): {await stderr}");
            return (await stdout).Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The node_modules folder holding adaptivecards, or null when the test runs outside scripts/test without it.</summary>
    private static string? Modules()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            Assert.True(Directory.Exists(Path.Combine(configured, "adaptivecards")),
                $"{EnvironmentVariable} is {configured}, but the adaptivecards package is not there: scripts/test installs it (npm install --prefix .tools/adaptivecards adaptivecards@3.0.6).");
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "adaptivecards", "node_modules");
            if (Directory.Exists(Path.Combine(candidate, "adaptivecards")))
                return candidate;
        }
        return null;
    }
}
