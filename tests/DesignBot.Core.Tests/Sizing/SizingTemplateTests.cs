using DesignBot.Core.Templates;

namespace DesignBot.Core.Tests.Sizing;

/// <summary>What the sizing step of the template gives the estimate: defaults it uses and says, and where reads must show.</summary>
public class SizingTemplateTests
{
    [Fact]
    public void Replication_and_the_cdn_hit_ratio_have_defaults_and_the_step_names_the_api_step_for_reads()
    {
        var sizing = TemplateLoader.Default.Steps.Single(s => s.Computes.Count > 0);
        Assert.Equal("3", sizing.Questions.Single(q => q.Id == "replication").Default);
        Assert.Equal("0%", sizing.Questions.Single(q => q.Id == "cdn-hit-ratio").Default);
        Assert.Equal("api", sizing.ReadPathFrom);
        Assert.Contains(TemplateLoader.Default.Steps, s => s.Id == sizing.ReadPathFrom);
    }

    [Fact]
    public void A_default_that_is_no_value_of_its_unit_is_refused_with_the_question_named()
    {
        const string yaml = """
            id: t
            steps:
              - id: s
                title: S
                questions:
                  - id: replicas
                    prompt: How many?
                    kind: number
                    unit: multiplier
                    default: lots
            """;
        var ex = Assert.Throws<TemplateException>(() => TemplateLoader.Parse(yaml, "team.yaml"));
        Assert.Equal("team.yaml (line 6): step 's', question 'replicas' has default 'lots', which is not a value of its unit.", ex.Message);
    }
}
