using System.Text.Json;
using System.Text.RegularExpressions;
using Docket.Engines.Messages;
using Docket.Engines.Output;
using Shouldly;
using Xunit;

namespace Docket.Engines.Tests;

/// <summary>docs/engine-contract.md and the code say the same: each of its JSON examples reads as what it shows.</summary>
[Trait("Category", "Fast")]
public sealed partial class EngineContractDocumentTests
{
    private static readonly List<string> Examples = JsonBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "engine-contract.md")))
        .Select(m => m.Groups[1].Value.Trim()).ToList();

    [Fact]
    public void Every_message_example_parses_as_a_message_of_its_type()
    {
        var lines = Examples.Where(e => e.StartsWith("{\"type\":", StringComparison.Ordinal) && !e.StartsWith("{\"type\":\"page\"", StringComparison.Ordinal)).ToList();
        var parsed = lines.Select(EngineMessageParser.Parse).ToList();

        parsed.OfType<EngineLog>().Where(l => l.Text.StartsWith("engine wrote a line that is not", StringComparison.Ordinal)).ShouldBeEmpty();
        parsed.Select(m => m.GetType()).Distinct().Count().ShouldBe(6, "progress, metrics, log, result, ready, answer");
        parsed.OfType<EngineAnswer>().First().Fields![1].Rows!.Single().Cells.Count.ShouldBe(2);
    }

    [Fact]
    public void The_page_request_example_is_what_the_agent_writes()
    {
        var example = Examples.Single(e => e.StartsWith("{\"type\":\"page\"", StringComparison.Ordinal));
        var request = JsonSerializer.Deserialize<PageRequest>(example, EngineJson.Options)!;

        JsonSerializer.Serialize(request, EngineJson.Options).ShouldBe(example);
    }

    [Fact]
    public void The_input_example_reads_as_an_engine_input()
    {
        var input = JsonSerializer.Deserialize<EngineInput>(Examples.Single(e => e.Contains("\"contractVersion\"", StringComparison.Ordinal)), EngineJson.Options)!;

        input.ContractVersion.ShouldBe(EngineContract.Version);
        input.Parameters.LearningRate.ShouldBe(0.001);
        input.Parameters.AllowedExtensions.ShouldBe([".png", ".jpg", ".tif"]);
        input.MarkingScheme!.Value.GetProperty("fields")[0].GetProperty("name").GetString().ShouldBe("Total");
        input.Folders!.Output.ShouldEndWith("/output");
    }

    [Fact]
    public void The_output_examples_read_as_an_evaluation_report_and_a_prediction()
    {
        var report = JsonSerializer.Deserialize<EvaluationReport>(Examples.Single(e => e.Contains("\"scores\"", StringComparison.Ordinal)), EngineJson.Options)!;
        var prediction = JsonSerializer.Deserialize<PagePrediction>(Examples.Single(e => e.StartsWith("{\"sha256\"", StringComparison.Ordinal)), EngineJson.Options)!;

        report.Fields.Select(f => f.Name).ShouldBe(["Total", "Supplier"]);
        report.Fields[0].Scores["count"].ShouldBe(40);
        prediction.Fields.Single().Box.ShouldBe(new EngineBox(1200, 2000, 200, 40));
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
