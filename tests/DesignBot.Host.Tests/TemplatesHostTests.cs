using System.Net;
using DesignBot.Core.Templates;
using DesignBot.Testing;

namespace DesignBot.Host.Tests;

/// <summary>Templates a team brings, as an operator and a team meet them: checked at start, offered by id, used end to end.</summary>
public sealed class TemplatesHostTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "designbot-templates-host", Guid.NewGuid().ToString("N"));

    private const string TeamTemplate = """
        id: launch-check
        title: Launch checklist
        sections:
          - id: readiness
            heading: Readiness
        steps:
          - id: ready
            title: Ready to launch
            short-title: Ready
            section: readiness
            questions:
              - id: oncall
                prompt: Who is on call for the launch?
                kind: text
              - id: rollback
                prompt: Is the rollback tested?
                kind: confirm
        """;

    public TemplatesHostTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_broken_template_file_stops_the_host_with_one_line_naming_the_file_and_line()
    {
        var templates = Path.Combine(_dir, "templates");
        Directory.CreateDirectory(templates);
        File.WriteAllText(Path.Combine(templates, "launch.yaml"), TeamTemplate.Replace("kind: confirm", "kind: yesno", StringComparison.Ordinal));

        // The default folder, templates/ in the content root (the host's working folder here).
        var stopped = await HostProcess.RunToExitAsync(_dir);

        Assert.Equal(1, stopped.ExitCode);
        var reason = Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"DesignBot did not start: {Path.Combine(templates, "launch.yaml")} (line 15): step 'ready', question 'rollback' has kind 'yesno'; use text, number, choice or confirm.", reason);
        Assert.DoesNotContain(" at ", stopped.StandardError + stopped.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_templates_folder_that_does_not_exist_stops_the_host()
    {
        var stopped = await HostProcess.RunToExitAsync(_dir, new Dictionary<string, string> { ["DesignBot:TemplatesPath"] = "team-templates" });

        Assert.Equal(1, stopped.ExitCode);
        var reason = Assert.Single(stopped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"DesignBot did not start: {Path.Combine(_dir, "team-templates")}: the templates folder does not exist (DesignBot:TemplatesPath).", reason);
    }

    [Fact]
    public async Task A_teams_template_from_the_configured_folder_is_listed_and_runs_from_start_to_summary()
    {
        var folder = Path.Combine(_dir, "team-templates");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "launch.yaml"), TeamTemplate);
        using var factory = new HostFactory(new Dictionary<string, string?> { ["DesignBot:TemplatesPath"] = folder });
        var client = factory.Playground();

        await client.SendAsync("bob", "/design templates");
        var listed = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.CardText.Contains("launch-check", StringComparison.Ordinal)), "the template list", viewer: "bob");
        var list = listed.Single(x => x.IsBot && x.CardText.Contains("launch-check", StringComparison.Ordinal));
        Assert.Equal("bob", list.VisibleTo);
        Assert.Contains("Launch checklist", list.CardText);
        Assert.Contains("Scope · API · High-level", list.CardText);
        Assert.DoesNotContain(await client.MessagesAsync("alice"), x => x.CardText.Contains("launch-check", StringComparison.Ordinal));

        await client.SendAsync("alice", "/design start Spring launch --template launch-check");
        var template = TemplateLoader.Parse(TeamTemplate, "launch.yaml");
        var typed = await ReviewScript.AnswerAllAsync(client, template: template);

        // A turn sends its new posts (the summary) before its in-place updates (the card), so wait for both.
        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Design summary: Spring launch", StringComparison.Ordinal))
            && m.Any(x => x.IsBot && x.Text.StartsWith("Design review: Spring launch", StringComparison.Ordinal) && x.Text.Contains("✓ Ready 2/2", StringComparison.Ordinal)), "the summary card and the finished review card");
        var card = messages.First(x => x.IsBot && x.Text.StartsWith("Design review: Spring launch", StringComparison.Ordinal));
        Assert.Contains("✓ Ready 2/2", card.Text);
        Assert.Equal(2, typed.Count);
    }

    [Theory]
    [InlineData("api-review", "Consumers and use cases")]
    [InlineData("short-design", "Scope the change")]
    public async Task A_review_on_a_shipped_template_runs_through_the_playground_and_its_page_uses_that_template(string templateId, string firstStepTitle)
    {
        using var factory = new HostFactory();
        var client = factory.Playground();
        await client.SendAsync("alice", $"/design start Orders --template {templateId}");
        var template = TemplateCatalog.BuiltIn.Find(templateId)!;
        var typed = await ReviewScript.AnswerAllAsync(client, template: template);

        var messages = await client.WaitForAsync(m => m.Any(x => x.IsBot && x.ThreadId == null && x.Text.StartsWith("Design summary: Orders", StringComparison.Ordinal)), "the summary card");
        var summary = messages.Single(x => x.IsBot && x.Text.StartsWith("Design summary", StringComparison.Ordinal));
        foreach (var step in template.Steps)
            Assert.Contains($"{step.ShortTitle}** ({step.Questions.Count}/{step.Questions.Count})", summary.CardText);
        Assert.DoesNotContain("Sizing", summary.CardText, StringComparison.Ordinal);

        var links = summary.Card!.Value.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "links").GetProperty("links");
        var page = await client.Http.GetStringAsync(new Uri(links[0].GetProperty("url").GetString()!).PathAndQuery);
        Assert.Contains(WebUtility.HtmlEncode(firstStepTitle), page);
        Assert.DoesNotContain("Sizing estimation", page, StringComparison.Ordinal);
        foreach (var (_, text) in typed)
            Assert.Contains(WebUtility.HtmlEncode(text), page);
    }
}
