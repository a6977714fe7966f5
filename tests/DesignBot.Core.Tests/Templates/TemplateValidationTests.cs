using DesignBot.Core.Dialogs;
using DesignBot.Core.Events;
using DesignBot.Core.Reviews;
using DesignBot.Core.Sizing;
using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Templates;

/// <summary>What a team's template file may say, and how the loader says what is wrong: the file, the line, the problem.</summary>
public class TemplateValidationTests
{
    // A sizing step that feeds everything traffic needs, to vary one thing at a time.
    private const string TrafficQuestions = """
              - id: users-a-day
                prompt: How many daily users?
                kind: number
                unit: count
                feeds: daily-active-users
              - id: posts
                prompt: Posts per user per day?
                kind: number
                unit: count
                feeds: writes-per-user-per-day
              - id: reads
                prompt: Reads per write?
                kind: number
                unit: ratio
                feeds: reads-per-write
              - id: peak
                prompt: Peak over average?
                kind: number
                unit: multiplier
                feeds: peak-to-average
        """;

    private static string Template(string computes, string extraQuestions = "") => $"""
        id: team
        title: Team review
        steps:
          - id: numbers
            title: Numbers
            computes: {computes}
            questions:
        {TrafficQuestions}
        {extraQuestions}
        """;

    private static string Problem(string yaml) => Assert.Throws<TemplateException>(() => TemplateLoader.Parse(yaml, "team.yaml")).Message;

    [Fact]
    public void A_sizing_step_of_a_teams_own_ids_is_read_by_what_each_question_feeds()
    {
        var template = TemplateLoader.Parse(Template("[traffic]"), "team.yaml");
        var step = Assert.Single(template.Steps);
        Assert.Same(step, template.SizingStep);
        Assert.Equal([EstimatorParts.Traffic], step.Computes);

        var state = new ReviewState("r1", "team", "T", new UserRef("U1", "alice"), new ChannelRef("test", "C1"), false,
            ReviewStatus.Active, DateTimeOffset.UnixEpoch, null, [new StepSession("numbers", DialogState.New)], 0);
        Answer Given(string questionId, int index, double value, string text) =>
            new($"a{index}", "numbers", questionId, index, new UserRef("U2", "bob"), text, value, DateTimeOffset.UnixEpoch.AddMinutes(index), null);
        var estimate = SizingEstimator.Estimate(SizingInputs.From(template, [Given("users-a-day", 0, 10e6, "10M"), Given("posts", 1, 2, "2"), Given("reads", 2, 100, "100:1"), Given("peak", 3, 3, "3x")], state));

        Assert.Equal("694 writes/s", estimate.Figure(SizingFigureNames.PeakWriteQps)!.Display);
        // Only traffic is computed, so nothing storage or bandwidth needs is missing.
        Assert.Empty(estimate.Missing);
        Assert.DoesNotContain(estimate.Figures, f => f.Group is "Storage" or "Bandwidth");
    }

    [Theory]
    [InlineData("feeds: daily-users", "team.yaml (line 28): step 'numbers', question 'extra' feeds 'daily-users', which is no input of the estimator; it reads daily-active-users, writes-per-user-per-day,")]
    [InlineData("feeds: retention-period\n        kind: number\n        unit: count", "team.yaml (line 28): step 'numbers', question 'extra' feeds 'retention-period', a duration: make it `kind: number` with `unit: duration`.")]
    [InlineData("feeds: user-regions\n        kind: number\n        unit: percent", "team.yaml (line 28): step 'numbers', question 'extra' feeds 'user-regions', which is read from text: make it `kind: text`.")]
    [InlineData("feeds: daily-active-users\n        kind: number\n        unit: count", "team.yaml (line 28): step 'numbers', question 'extra' feeds 'daily-active-users', which question 'users-a-day' already feeds.")]
    public void A_question_feeding_the_estimator_must_name_an_input_it_reads_as_that_input_once(string feeds, string expected)
    {
        var extra = $"""
                  - id: extra
                    prompt: Extra?
                    {feeds}
            """;
        if (!feeds.Contains("kind:", StringComparison.Ordinal))
            extra += "\n        kind: text";
        Assert.StartsWith(expected, Problem(Template("[traffic]", extra)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[traffic, latency]", "team.yaml (line 4): step 'numbers' computes 'latency'; the estimator computes traffic, storage, bandwidth.")]
    [InlineData("[storage]", "team.yaml (line 4): step 'numbers' computes storage without traffic, which they are computed from.")]
    [InlineData("[traffic, storage]", "team.yaml (line 4): step 'numbers' computes storage, but no question feeds text-size-per-write, retention-period (add `feeds: text-size-per-write` to the question that asks for it).")]
    [InlineData("[traffic, bandwidth]", "team.yaml (line 4): step 'numbers' computes bandwidth, but no question feeds text-size-per-write")]
    public void Computes_names_parts_the_estimator_knows_and_their_inputs_must_be_fed(string computes, string expected) =>
        Assert.StartsWith(expected, Problem(Template(computes)), StringComparison.Ordinal);

    [Fact]
    public void Feeds_in_a_step_that_computes_nothing_is_refused()
    {
        const string yaml = """
            id: team
            steps:
              - id: talk
                title: Talk
                questions:
                  - id: users
                    prompt: How many users?
                    kind: number
                    feeds: daily-active-users
            """;
        Assert.StartsWith("team.yaml (line 6): step 'talk', question 'users' feeds 'daily-active-users', but its step computes nothing;", Problem(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_one_step_computes_and_read_path_from_names_a_step_of_the_template()
    {
        var twice = Template("[traffic]") + """

              - id: more
                title: More numbers
                computes: [traffic]
                questions:
            """ + "\n" + TrafficQuestions;
        Assert.Equal("team.yaml (line 29): step 'more' computes an estimate, and so does step 'numbers'; only one step computes it.", Problem(twice));

        var readPath = Template("[traffic]").Replace("    computes: [traffic]", "    computes: [traffic]\n    read-path-from: api", StringComparison.Ordinal);
        Assert.Equal("team.yaml (line 4): step 'numbers' has read-path-from 'api', which is no step of the template.", Problem(readPath));
    }

    [Theory]
    [InlineData("id: t\nsteps:\n  - title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 3): step 1 has no 'id'.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 3): step 'a' has no 'title'.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n", "team.yaml (line 3): step 'a' has no questions.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n  - id: a\n    title: B\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 9): step 'a' appears twice.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n      - id: q\n        prompt: Again?\n        kind: text\n", "team.yaml (line 9): step 'a', question 'q' appears twice.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - prompt: Q?\n        kind: text\n", "team.yaml (line 6): step 'a', question 1 has no 'id'.")]
    [InlineData("id: t\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n        section: nowhere\n", "team.yaml (line 6): step 'a', question 'q' names section 'nowhere', which the template's 'sections' do not list.")]
    [InlineData("id: t\nsections:\n  - id: s\n    heading: S\n  - id: s\n    heading: Again\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 5): section 's' appears twice.")]
    [InlineData("id: t\nsections:\n  - id: s\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 3): section 's' has no 'heading'.")]
    [InlineData("id: t\nsections:\n  - id: s\n    heading: S\n    diagram: pie\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 3): section 's' has diagram 'pie'; the only diagram is flowchart.")]
    [InlineData("id: t\nsections:\n  - id: s\n    heading: S\n    records: minutes\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 3): section 's' has records 'minutes'; the only records are adr.")]
    [InlineData("id: t\nsections:\n  - id: s\n    heading: S\n    records: adr\n  - id: u\n    heading: U\n    records: adr\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 6): section 'u' has records, and so does an earlier section; one section holds the decisions.")]
    [InlineData("title: No id\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: text\n", "team.yaml (line 1): the template has no 'id'.")]
    [InlineData("", "team.yaml: the file is empty.")]
    public void Every_other_problem_names_the_file_the_line_and_the_problem(string yaml, string expected) =>
        Assert.Equal(expected, Problem(yaml));

    [Fact]
    public void Each_shipped_template_has_sections_for_every_question_and_short_titles()
    {
        foreach (var template in TemplateLoader.BuiltIn)
        {
            Assert.NotEmpty(template.Sections);
            Assert.All(template.Steps, s => Assert.InRange(s.ShortTitle.Length, 1, 12));
            Assert.All(template.Steps.SelectMany(s => s.Questions), q => Assert.NotNull(q.Section));
            // A template that draws its architecture asks for the flows in the form the diagram reads.
            if (template.Sections.FirstOrDefault(s => s.Diagram == "flowchart") is { } diagram)
                Assert.Contains(template.Steps.SelectMany(s => s.Questions), q => q.Section == diagram.Id && q.Prompt.Contains("->", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_system_design_review_asks_for_non_goals_in_the_scope_and_for_flows_one_per_line()
    {
        var template = TemplateLoader.Default;
        var nonGoals = template.Steps[0].Questions.Single(q => q.Section == "non-goals");
        Assert.Contains("out of scope", nonGoals.Prompt, StringComparison.Ordinal);
        var components = template.Steps.SelectMany(s => s.Questions).Single(q => q.Section == "architecture" && q.Prompt.Contains("->", StringComparison.Ordinal));
        Assert.Contains("Client -> API gateway -> Photo service -> Object store", components.Prompt, StringComparison.Ordinal);
        Assert.Contains("line of its own", components.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_system_design_sizing_step_feeds_every_input_of_the_estimator_once()
    {
        var sizing = TemplateLoader.Default.SizingStep!;
        Assert.Equal(EstimatorParts.All, sizing.Computes);
        Assert.Equal(EstimatorInput.All.Select(i => i.Name).Order(), sizing.Questions.Select(q => q.Feeds!).Order());
    }
}

/// <summary>The catalog: built-in templates plus a team's folder, ids unique across files.</summary>
public sealed class TemplateCatalogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "designbot-templates", Guid.NewGuid().ToString("N"));

    public TemplateCatalogTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Mini = "id: {0}\ntitle: Mini\nsteps:\n  - id: only\n    title: Only step\n    questions:\n      - id: ready\n        prompt: Ready?\n        kind: confirm\n";

    [Fact]
    public void A_folder_adds_its_yaml_files_after_the_built_in_templates()
    {
        File.WriteAllText(Path.Combine(_folder, "b.yml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Mini, "team-b"));
        File.WriteAllText(Path.Combine(_folder, "a.yaml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Mini, "team-a"));
        File.WriteAllText(Path.Combine(_folder, "notes.md"), "not a template");

        var catalog = TemplateCatalog.Load(_folder, required: true);

        Assert.Equal(["system-design", "api-review", "short-design", "team-a", "team-b"], catalog.All.Select(t => t.Id));
        Assert.Equal("system-design", catalog.Default.Id);
        Assert.Equal(Path.Combine(_folder, "a.yaml"), catalog.Find("team-a")!.Source);
    }

    [Fact]
    public void A_template_id_used_twice_fails_naming_both_files()
    {
        File.WriteAllText(Path.Combine(_folder, "mine.yaml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Mini, "api-review"));
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Load(_folder, required: true));
        Assert.Equal($"{Path.Combine(_folder, "mine.yaml")}: the template id 'api-review' is already used by api-review.yaml (built in); each template needs an id of its own.", ex.Message);
    }

    [Fact]
    public void A_broken_file_fails_the_whole_load_naming_it()
    {
        File.WriteAllText(Path.Combine(_folder, "ok.yaml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Mini, "fine"));
        File.WriteAllText(Path.Combine(_folder, "broken.yaml"), "id: broken\nsteps:\n  - id: a\n    title: A\n    questions:\n      - id: q\n        prompt: Q?\n        kind: essay\n");
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Load(_folder, required: false));
        Assert.StartsWith($"{Path.Combine(_folder, "broken.yaml")} (line 6): step 'a', question 'q' has kind 'essay'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_fine_by_default_and_an_error_when_configured()
    {
        var missing = Path.Combine(_folder, "nope");
        Assert.Same(TemplateCatalog.BuiltIn, TemplateCatalog.Load(missing, required: false));
        var ex = Assert.Throws<TemplateException>(() => TemplateCatalog.Load(missing, required: true));
        Assert.Equal($"{missing}: the templates folder does not exist (DesignBot:TemplatesPath).", ex.Message);
    }
}
