using System.Text;
using Docket.Server.Features.InferenceProcesses;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.InferenceProcesses;

/// <summary>
/// A test run's evaluation and predictions as an engine may write them, good and bad: the evaluation is taken whole
/// or refused with the rule it broke, and a predictions file is read line by line, bad lines counted and skipped.
/// </summary>
[Trait("Category", "Fast")]
public sealed class TestRunResultTests
{
    private static readonly string Sha = new('a', 64);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>(case, evaluation.json, words of the reason).</summary>
    public static TheoryData<string, string?, string> BadEvaluations => new()
    {
        { "missing", null, "did not arrive" },
        { "not JSON", "{\"fields\": [", "not JSON" },
        { "an array", "[]", "array of fields" },
        { "fields not an array", """{"fields": {}}""", "array of fields" },
        { "a field without a name", """{"fields": [{"scores": {"accuracy": 1}}]}""", "no name" },
        { "a blank name", """{"fields": [{"name": "  ", "scores": {}}]}""", "no name" },
        { "a name too long", $$$"""{"fields": [{"name": "{{{new string('n', 201)}}}", "scores": {}}]}""", "no name" },
        { "a control character", """{"fields": [{"name": "To\u0007tal", "scores": {}}]}""", "no name" },
        { "a field twice", """{"fields": [{"name": "Total", "scores": {}}, {"name": "Total", "scores": {}}]}""", "twice" },
        { "no scores", """{"fields": [{"name": "Total"}]}""", "no scores" },
        { "a score that is text", """{"fields": [{"name": "Total", "scores": {"accuracy": "high"}}]}""", "not a finite number" },
        { "a score too large", """{"fields": [{"name": "Total", "scores": {"accuracy": 1e999}}]}""", "not a finite number" },
        { "overall scores not an object", """{"fields": [], "scores": [1]}""", "not an object" },
        { "too many fields", $$"""{"fields": [{{string.Join(',', Enumerable.Range(0, 1001).Select(i => $"{{\"name\":\"f{i}\",\"scores\":{{}}}}"))}}]}""", "more than 1000" },
        { "too many scores", $$$"""{"fields": [{"name": "Total", "scores": { {{{string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"s{i}\":1"))}}} }}]}""", "more than 100" },
    };

    [Fact]
    public void An_evaluation_in_the_contracts_shape_is_read_with_its_scores_per_field_and_overall()
    {
        const string json = """
            {"fields": [{"name": "Total", "scores": {"accuracy": 0.925, "count": 40}}, {"name": "Supplier", "scores": {"accuracy": 0.875}}],
             "scores": {"accuracy": 0.9}, "engine": "ignored"}
            """;

        TestRunEvaluation.TryRead(json, out var evaluation, out var error).ShouldBeTrue(error);

        evaluation.Overall.ShouldBe(new Dictionary<string, double> { ["accuracy"] = 0.9 });
        evaluation.Fields.Select(f => f.Field).ShouldBe(["Total", "Supplier"]);
        evaluation.Fields[0].Scores.ShouldBe(new Dictionary<string, double> { ["accuracy"] = 0.925, ["count"] = 40 });
    }

    [Theory]
    [MemberData(nameof(BadEvaluations))]
    public void An_evaluation_that_breaks_a_rule_is_refused_whole_with_the_rule(string @case, string? json, string reason)
    {
        TestRunEvaluation.TryRead(json, out var evaluation, out var error).ShouldBeFalse(@case);

        evaluation.ShouldBeNull(@case);
        error.ShouldContain(reason, Case.Insensitive, @case);
    }

    [Fact]
    public async Task Predictions_keep_each_field_and_table_cell_and_count_and_skip_every_bad_line()
    {
        var lines = new[]
        {
            $$$"""{"sha256":"{{{Sha.ToUpperInvariant()}}}","page":1,"fields":[{"name":"Total","text":"100.50","confidence":0.93,"box":{"x":1200,"y":2000,"width":200,"height":40}}]}""",
            "",
            $$"""{"sha256":"{{Sha}}","page":2,"fields":[{"name":"Lines","rows":[{"cells":[{"name":"Item","text":"Paper"},{"name":"Amount","text":"12.00","confidence":0.5}]},{"cells":[{"name":"Item","text":"Ink"}]}]}]}""",
            "not JSON at all",
            """{"sha256":"short","page":1,"fields":[]}""",
            $$"""{"sha256":"{{Sha}}","page":0,"fields":[]}""",
            $$"""{"sha256":"{{Sha}}","page":1,"fields":[{"name":"Total","confidence":1.5}]}""",
            $$"""{"sha256":"{{Sha}}","page":1,"fields":[{"text":"no name"}]}""",
            $$$"""{"sha256":"{{{Sha}}}","page":1,"fields":[{"name":"Total","box":{"x":1,"y":2,"width":-3,"height":4}}]}""",
            $$"""{"sha256":"{{Sha}}","page":1,"fields":[{"name":"Total","text":"{{new string('t', 4001)}}"}]}""",
            "[1,2,3]",
            $$"""{"sha256":"{{Sha}}","page":3,"fields":[{"name":"Total","text":null}]}""",
        };
        var kept = new List<InferenceTestRunPrediction>();
        var run = Guid.NewGuid();

        var read = await TestRunPredictions.ReadAsync(Stream(string.Join('\n', lines)), run, 1000, kept.Add, Cancellation);

        read.ShouldBe(new TestRunPredictions.Read(Lines: 11, Kept: 5, Skipped: 8, Truncated: false));
        kept.Select(p => p.Sequence).ShouldBe([0, 1, 2, 3, 4]);
        kept.ShouldAllBe(p => p.TestRunId == run && p.Sha256 == Sha);
        kept[0].ShouldSatisfyAllConditions(
            p => p.Field.ShouldBe("Total"), p => p.Text.ShouldBe("100.50"), p => p.Confidence.ShouldBe(0.93),
            p => (p.BoxX, p.BoxY, p.BoxWidth, p.BoxHeight).ShouldBe((1200, 2000, 200, 40)), p => p.Column.ShouldBeNull());
        kept.Skip(1).Take(3).Select(p => (p.Page, p.Field, p.Column, p.Row, p.Text)).ShouldBe(
            [(2, "Lines", "Item", 0, "Paper"), (2, "Lines", "Amount", 0, "12.00"), (2, "Lines", "Item", 1, "Ink")]);
        kept[4].ShouldSatisfyAllConditions(p => p.Page.ShouldBe(3), p => p.Text.ShouldBeNull(), p => p.BoxX.ShouldBeNull());
    }

    [Fact]
    public async Task A_line_over_the_bound_is_skipped_without_being_held_and_the_lines_after_it_are_read()
    {
        var good = $$"""{"sha256":"{{Sha}}","page":1,"fields":[{"name":"Total","text":"1.00"}]}""";
        var huge = $$"""{"sha256":"{{Sha}}","page":2,"fields":[{"name":"Total","text":"{{new string('x', TestRunPredictions.MaxLineBytes)}}"}]}""";
        var kept = new List<InferenceTestRunPrediction>();

        var read = await TestRunPredictions.ReadAsync(Stream($"{good}\n{huge}\n{good}"), Guid.NewGuid(), 1000, kept.Add, Cancellation);

        read.ShouldBe(new TestRunPredictions.Read(Lines: 3, Kept: 2, Skipped: 1, Truncated: false));
    }

    [Fact]
    public async Task Past_the_bound_of_values_nothing_more_is_kept_and_the_read_says_it_was_cut()
    {
        var line = $$"""{"sha256":"{{Sha}}","page":1,"fields":[{"name":"A","text":"1"},{"name":"B","text":"2"}]}""";
        var kept = new List<InferenceTestRunPrediction>();

        var read = await TestRunPredictions.ReadAsync(Stream(string.Join('\n', Enumerable.Repeat(line, 5))), Guid.NewGuid(), 5, kept.Add, Cancellation);

        read.ShouldBe(new TestRunPredictions.Read(Lines: 5, Kept: 4, Skipped: 0, Truncated: true));
        kept.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Bytes_that_are_not_text_are_skipped_lines_not_a_failure()
    {
        var bytes = new byte[] { 0xff, 0xfe, 0x00, 0x1b, (byte)'\n', 0xc3, 0x28, (byte)'\n' };

        var read = await TestRunPredictions.ReadAsync(new MemoryStream(bytes), Guid.NewGuid(), 10, _ => { }, Cancellation);

        read.ShouldBe(new TestRunPredictions.Read(Lines: 2, Kept: 0, Skipped: 2, Truncated: false));
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
