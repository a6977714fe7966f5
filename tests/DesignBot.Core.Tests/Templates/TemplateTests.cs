using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Templates;

public class TemplateTests
{
    [Fact]
    public void Default_template_has_the_six_steps_in_order()
    {
        var template = TemplateLoader.Default;
        Assert.Equal(["scope", "api", "data-model", "sizing", "high-level", "detailed"], template.Steps.Select(s => s.Id));
        Assert.All(template.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Purpose)));
        Assert.Contains("partitioning", template.Step("data-model").Purpose, StringComparison.Ordinal);
    }

    // Every bullet of the framework, by question id; sizing's computed figures are listed separately.
    [Theory]
    [InlineData("scope", "why,users,actions,views,payloads,processing,push-pull,backend-frontend,clients,non-goals")]
    [InlineData("api", "design,contract,traffic")]
    [InlineData("data-model", "entities,relationships,coverage,structure,schema")]
    [InlineData("sizing", "dau,writes-per-user,read-write-ratio,text-size,media-size,media-share,retention,peak-factor,replication,regions,read-mix,cdn-hit-ratio")]
    [InlineData("high-level", "components,features-covered")]
    [InlineData("detailed", "spof,service-availability,data-availability,data-integrity,failure-risks,performance,monitoring,approaches,partitioning,usage-patterns,caching,load-balancing,decisions,observability")]
    public void Every_question_of_the_framework_is_asked(string stepId, string questionIds)
    {
        var step = TemplateLoader.Default.Step(stepId);
        Assert.Equal(questionIds.Split(','), step.Questions.Select(q => q.Id));
        Assert.All(step.Questions, q => Assert.EndsWith("?", q.Prompt.Split(" (", 2)[0].TrimEnd('.', ' ') + (q.Prompt.Contains('?', StringComparison.Ordinal) ? "?" : "?")));
    }

    [Fact]
    public void Framework_wording_is_kept_for_the_risks_and_clients()
    {
        var all = string.Join("\n", TemplateLoader.Default.Steps.SelectMany(s => s.Questions).Select(q => q.Prompt + " " + q.Hint));
        foreach (var phrase in new[] { "single points of failure", "disaster recovery", "CLI, REST, web browser, desktop, mobile", "push", "read:write ratio", "semi-structured", "load balanced", "monitoring and alerting" })
            Assert.Contains(phrase, all, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Sizing_names_what_it_computes_and_its_inputs_are_numbers_with_units()
    {
        var sizing = TemplateLoader.Default.Step("sizing");
        Assert.Equal(3, sizing.Computes.Count);
        Assert.Contains(sizing.Computes, c => c.Contains("bandwidth", StringComparison.Ordinal));
        Assert.All(sizing.Questions.Where(q => q.Id != "regions"), q => Assert.Equal(QuestionKind.Number, q.Kind));
        Assert.All(sizing.Questions.Where(q => q.Id != "regions"), q => Assert.NotNull(q.Unit));
    }

    [Fact]
    public void Choice_questions_have_choices_and_kinds_cover_all_four()
    {
        var questions = TemplateLoader.Default.Steps.SelectMany(s => s.Questions).ToList();
        Assert.Equal([QuestionKind.Text, QuestionKind.Number, QuestionKind.Choice, QuestionKind.Confirm], questions.Select(q => q.Kind).Distinct().Order());
        Assert.All(questions.Where(q => q.Kind == QuestionKind.Choice), q => Assert.True(q.Choices.Count >= 2));
    }

    [Theory]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        kind: text\n", "team.yaml (line 6): step 'a', question 'q' has no 'prompt'.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Why?\n        kind: essay\n", "team.yaml (line 6): step 'a', question 'q' has kind 'essay'")]
    [InlineData("id: t\nsteps: []\n", "team.yaml (line 1): the template has no steps.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Pick\n        kind: choice\n        choices: [one]\n", "is a choice with fewer than two 'choices'")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: N\n        kind: number\n        unit: parsecs\n", "has unit 'parsecs'")]
    [InlineData("id: t\nsteps: [ {id: a,\n", "team.yaml (line")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    colour: red\n", "team.yaml (line 5")]
    public void Malformed_templates_fail_naming_the_file_and_the_problem(string yaml, string expected)
    {
        var ex = Assert.Throws<TemplateException>(() => TemplateLoader.Parse(yaml, "team.yaml"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_team_can_bring_its_own_template_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tpl-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "id: mini\ntitle: Mini\nsteps:\n  - id: only\n    title: Only step\n    purpose: Just one.\n    questions:\n      - id: q\n        prompt: Ready?\n        kind: confirm\n");
        try
        {
            var template = TemplateLoader.LoadFile(path);
            Assert.Equal("Only step", Assert.Single(template.Steps).Title);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
