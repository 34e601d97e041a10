using System.Text.Json;
using Docket.Engines.External;
using Docket.Engines.Messages;
using Docket.Engines.Output;
using Shouldly;
using Xunit;

namespace Docket.Engines.Tests;

/// <summary>Training and evaluation runs of the test engine as a real child process: each behaviour and each fault.</summary>
public sealed class ExternalEngineRunTests : IDisposable
{
    private readonly TestEngine engine = new();

    private static ExternalEngine Engine(ExternalEngineOptions? options = null) =>
        new(options ?? new ExternalEngineOptions { GracePeriod = TimeSpan.FromSeconds(2) }, TimeProvider.System);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Training_that_succeeds_streams_progress_and_metrics_and_leaves_a_model_package()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "succeed", iterations: 5), Token);
        var messages = await ReadAll(run);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Succeeded, result.Reason);
        result.ExitCode.ShouldBe(0);
        result.Metrics["loss"].ShouldBe(0.2, 1e-9);
        messages.OfType<EngineProgress>().Select(p => p.Step).ShouldBe([1L, 2, 3, 4, 5], "the engine read iterations from input.json");
        messages.OfType<EngineProgress>().ShouldAllBe(p => p.Total == 5);
        var metrics = messages.OfType<EngineMetrics>().ToList();
        metrics.Count.ShouldBe(5);
        metrics[1].Step.ShouldBe(2);
        metrics[1].Values["loss"].ShouldBe(0.5, 1e-9);
        messages.OfType<EngineLog>().ShouldContain(l => l.Level == EngineLogLevel.Warning && l.Text == "a warning on stderr");
        File.Exists(Path.Combine(engine.Folders.ModelPackage, "model.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task Input_json_and_the_environment_name_the_runs_folders()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "environment"), Token);
        var messages = await ReadAll(run);
        (await run.Completion).Outcome.ShouldBe(EngineRunOutcome.Succeeded);

        using var input = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(engine.Folders.Work, "input.json"), Token));
        input.RootElement.GetProperty("contractVersion").GetInt32().ShouldBe(1);
        input.RootElement.GetProperty("kind").GetString().ShouldBe("training");
        input.RootElement.GetProperty("parameters").GetProperty("batchSize").GetInt32().ShouldBe(2);
        input.RootElement.GetProperty("folders").GetProperty("testDataSet").GetString().ShouldBe(engine.Folders.TestDataSet);
        var environment = messages.OfType<EngineLog>().Single(l => l.Text.StartsWith("environment ", StringComparison.Ordinal)).Text.Split(' ');
        environment.ShouldContain("DOCKET_OUTPUT_DIR");
        environment.ShouldContain("DOCKET_ENGINE_INPUT");
        environment.ShouldContain("TEST_ENGINE_BEHAVIOUR");
    }

    [Fact]
    public async Task The_agents_own_variables_do_not_reach_the_engine()
    {
        Environment.SetEnvironmentVariable("Agent__Key", "dkk_secret");
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "environment"), Token);
        var messages = await ReadAll(run);

        var environment = messages.OfType<EngineLog>().Single(l => l.Text.StartsWith("environment ", StringComparison.Ordinal)).Text.Split(' ');
        environment.ShouldNotContain("Agent__Key");
        environment.ShouldContain("PATH");
    }

    [Fact]
    public async Task Evaluation_that_succeeds_leaves_scores_and_predictions()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Evaluation, "succeed"), Token);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Succeeded, result.Reason);
        result.Metrics["accuracy"].ShouldBe(0.5);
        var report = await EngineOutput.ReadEvaluationAsync(engine.Folders, Token);
        report.Fields.Single().Name.ShouldBe("Total");
        report.Fields.Single().Scores["count"].ShouldBe(2);
        var predictions = new List<PagePrediction>();
        await foreach (var prediction in EngineOutput.ReadPredictionsAsync(engine.Folders, Token))
        {
            predictions.Add(prediction);
        }

        predictions.Single().Page.ShouldBe(1);
        predictions.Single().Fields.Single().Box.ShouldBe(new EngineBox(1, 2, 3, 4));
    }

    [Fact]
    public async Task An_engine_that_exits_non_zero_fails_with_its_own_reason()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "fail"), Token);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Failed);
        result.ExitCode.ShouldBe(1);
        result.Reason.ShouldBe("the data set has no marked pages");
    }

    [Fact]
    public async Task An_engine_that_crashes_without_a_result_fails_with_its_last_stderr_line()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "crash"), Token);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Failed);
        result.ExitCode.ShouldBe(139);
        result.Reason.ShouldBe("Segmentation fault (core dumped)");
    }

    [Fact]
    public async Task Success_without_a_model_package_is_a_failure()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "no-model"), Token);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Failed);
        result.Reason!.ShouldContain("no model package");
    }

    [Fact]
    public async Task A_script_folder_without_the_script_fails_without_starting()
    {
        File.Delete(Path.Combine(engine.Folders.Script, "start_training.sh"));
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "succeed"), Token);
        var result = await run.Completion;

        run.ProcessId.ShouldBeNull();
        result.Outcome.ShouldBe(EngineRunOutcome.Failed);
        result.Reason.ShouldBe("the script folder has no start_training.sh");
        (await ReadAll(run)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_hanging_engine_times_out_and_its_whole_process_tree_is_killed()
    {
        // Long enough for the engine to start and report its children on a loaded machine.
        var request = engine.Request(EngineKind.Training, "hang") with { Timeout = TimeSpan.FromSeconds(8) };
        await using var run = await Engine().StartAsync(request, Token);
        var children = await Children(run);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.TimedOut);
        result.Reason!.ShouldContain("ran longer than");
        await Processes.ShouldAllBeGone([run.ProcessId!.Value, .. children]);
    }

    [Fact]
    public async Task Stopping_a_run_cancels_it_and_kills_its_whole_process_tree()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "hang"), Token);
        var children = await Children(run);
        var result = await run.StopAsync(Token);

        result.Outcome.ShouldBe(EngineRunOutcome.Cancelled);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        await Processes.ShouldAllBeGone([run.ProcessId!.Value, .. children]);
    }

    [Fact]
    public async Task A_restarted_agent_stops_what_a_killed_one_left_running_for_a_run_and_nothing_else()
    {
        using var other = new TestEngine();
        await using var left = await Engine().StartAsync(engine.Request(EngineKind.Training, "hang"), Token);
        await using var running = await Engine().StartAsync(other.Request(EngineKind.Training, "hang"), Token);
        var leftTree = await Children(left);
        var runningTree = await Children(running);

        // A new engine object, as after the agent's restart: it knows the run's folder only.
        var stopped = await Engine().StopLeftoversAsync(engine.Folders.Work, Token);

        stopped.ShouldBe(1, "one process group: the script's");
        await Processes.ShouldAllBeGone([left.ProcessId!.Value, .. leftTree]);
        runningTree.ShouldAllBe(pid => Processes.Alive(pid), "another run's engine is not a leftover of this one");
        (await Engine().StopLeftoversAsync(engine.Folders.Work, Token)).ShouldBe(0);
        await running.StopAsync(Token);
    }

    [Fact]
    public async Task Garbage_output_becomes_warnings_and_the_run_still_succeeds()
    {
        await using var run = await Engine().StartAsync(engine.Request(EngineKind.Training, "garbage"), Token);
        var messages = await ReadAll(run);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Succeeded, result.Reason);
        var garbage = messages.OfType<EngineLog>().Where(l => l.Text.StartsWith("engine wrote a line that is not a message", StringComparison.Ordinal)).ToList();
        garbage.Count.ShouldBe(7, string.Join('\n', garbage.Select(g => g.Text)));
        garbage.ShouldAllBe(l => l.Level == EngineLogLevel.Warning);
        messages.OfType<EngineProgress>().Count().ShouldBe(3);
    }

    [Fact]
    public async Task Huge_lines_are_skipped_with_a_warning_and_the_run_still_succeeds()
    {
        var options = new ExternalEngineOptions { GracePeriod = TimeSpan.FromSeconds(2), MaxLineLength = 64 * 1024 };
        await using var run = await Engine(options).StartAsync(engine.Request(EngineKind.Training, "huge"), Token);
        var messages = await ReadAll(run);
        var result = await run.Completion;

        result.Outcome.ShouldBe(EngineRunOutcome.Succeeded, result.Reason);
        var cut = messages.OfType<EngineLog>().Where(l => l.Text.Contains("over the limit of 65536", StringComparison.Ordinal)).ToList();
        cut.Count.ShouldBe(2);
        cut.ShouldContain(l => l.Text.Contains("line of 8388608 bytes to stdout", StringComparison.Ordinal));
        cut.ShouldContain(l => l.Text.Contains("to stderr", StringComparison.Ordinal));
        messages.OfType<EngineProgress>().Count().ShouldBe(3, "the lines after the huge one are read");
        messages.OfType<EngineLog>().ShouldAllBe(l => l.Text.Length < 1000);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_messages_and_is_told_how_many()
    {
        var options = new ExternalEngineOptions { GracePeriod = TimeSpan.FromSeconds(2), MessageBuffer = 10 };
        await using var run = await Engine(options).StartAsync(engine.Request(EngineKind.Training, "flood"), Token);
        var result = await run.Completion;
        var messages = await ReadAll(run);

        result.Outcome.ShouldBe(EngineRunOutcome.Succeeded, result.Reason);
        messages.Count.ShouldBe(10);
        result.DroppedMessages.ShouldBe(5000 + 3 + 3 + 1 - 10, "5000 log lines, 3 progress, 3 metrics and a stderr line, less what the buffer holds");
        messages.OfType<EngineMetrics>().Count().ShouldBe(3, "the newest are kept");
    }

    /// <summary>The pids of the children the hanging engine reports having started.</summary>
    private static async Task<int[]> Children(IEngineRun run)
    {
        await foreach (var message in run.ReadMessagesAsync(Token))
        {
            if (message is EngineLog { Text: var text } && text.StartsWith("children ", StringComparison.Ordinal))
            {
                var pids = text["children ".Length..].Split(' ').Select(int.Parse).ToArray();
                pids.ShouldAllBe(pid => Processes.Alive(pid));
                return pids;
            }
        }

        throw new ShouldAssertException("the engine never reported its children");
    }

    private static async Task<List<EngineMessage>> ReadAll(IEngineRun run)
    {
        var messages = new List<EngineMessage>();
        await foreach (var message in run.ReadMessagesAsync(Token))
        {
            messages.Add(message);
        }

        return messages;
    }

    public void Dispose() => engine.Dispose();
}
