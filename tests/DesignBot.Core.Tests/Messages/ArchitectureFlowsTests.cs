using DesignBot.Core.Messages;
using DesignBot.Testing;

namespace DesignBot.Core.Tests.Messages;

/// <summary>Flows members write (`Client -> API gateway -> Photo service`) become a Mermaid flowchart and a component list.</summary>
public class ArchitectureFlowsTests
{
    [Fact]
    public void A_component_list_gives_this_exact_flowchart()
    {
        var flows = ArchitectureFlows.Parse(["Client -> API gateway -> Photo service -> Object store"]);
        Assert.Equal(
            """
            flowchart LR
              n1["Client"]
              n2["API gateway"]
              n3["Photo service"]
              n4["Object store"]
              n1 --> n2
              n2 --> n3
              n3 --> n4

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            flows.Mermaid());
        Assert.Equal(["Client — to API gateway", "API gateway — from Client; to Photo service", "Photo service — from API gateway; to Object store", "Object store — from Photo service"], flows.ComponentLines());
    }

    [Fact]
    public void Every_arrow_free_text_labels_and_one_name_in_any_case_are_read()
    {
        var flows = ArchitectureFlows.Parse([
            "Reads: Client → CDN --> API gateway. Cached for an hour.",
            "Writes go like this: client => API gateway -[stores]-> Object store (S3), async",
            "- Worker ⇒ object store",
            "Not a flow: a > b, and x - y",
        ]);
        Assert.Equal(["Client", "CDN", "API gateway", "Object store", "Worker"], flows.Components);
        Assert.Equal(
            [new FlowEdge("Client", "CDN", null), new FlowEdge("CDN", "API gateway", null), new FlowEdge("Client", "API gateway", null),
             new FlowEdge("API gateway", "Object store", "stores"), new FlowEdge("Worker", "Object store", null)],
            flows.Edges);
        Assert.Contains("  n3 -->|\"stores\"| n4\n", flows.Mermaid());
    }

    [Fact]
    public void Labels_cannot_end_their_node_or_become_markup()
    {
        var flows = ArchitectureFlows.Parse(["Album<Photo> -[say \"hi\"; #1 <b>]-> Store", "Client -> Photo \"store\"] & {co} `x` %% n1"]);
        var mermaid = flows.Mermaid();
        Assert.Contains("n1[\"Album#60;Photo#62;\"]", mermaid);
        Assert.Contains("n1 -->|\"say #34;hi#34;#59; #35;1 #60;b#62;\"| n2", mermaid);
        Assert.Contains("n4[\"Photo #34;store#34;#93; #38; #123;co#125; #96;x#96; #37;#37; n1\"]", mermaid);
        // Ids are generated; nothing members typed is outside a quoted label, and no label holds a quote, bracket, semicolon or backtick.
        foreach (var line in mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var outside = System.Text.RegularExpressions.Regex.Replace(line, "\"[^\"]*\"", "\"\"");
            Assert.Matches(@"^  n\d+(\[""""\]| -->(\|""""\|)? n\d+)$", outside);
            var label = line.Contains('"', StringComparison.Ordinal) ? line[(line.IndexOf('"', StringComparison.Ordinal) + 1)..line.LastIndexOf('"')] : "";
            Assert.DoesNotMatch("[`;<>\\[\\]{}|%#&]", System.Text.RegularExpressions.Regex.Replace(label, "#[0-9]+;", ""));
        }
    }

    [Fact]
    public void The_architecture_section_draws_the_flows_of_its_answers()
    {
        var review = SampleReview.With("Photos", [
            ("high-level", 0, "alice", "Client -> API gateway -> Photo service -> Object store"),
            ("detailed", 11, "bob", "Load balancer -> API gateway"),
        ]);
        var markdown = DesignDocument.Markdown(review, SampleReview.Links);
        var architecture = markdown[markdown.IndexOf("## Architecture", StringComparison.Ordinal)..markdown.IndexOf("## Risks", StringComparison.Ordinal)];
        Assert.Contains("```mermaid\nflowchart LR\n  n1[\"Client\"]\n", architecture);
        Assert.Contains("  n5 --> n2\n```", architecture);
        Assert.Contains("### Components\n\n- Client — to API gateway\n", architecture);
        Assert.Contains("- Load balancer — to API gateway", architecture);
    }
}
