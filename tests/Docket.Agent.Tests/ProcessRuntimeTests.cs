using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Docket.Agent.Files;
using Docket.Agent.Protocol.V1;
using Docket.Archives;
using Docket.Events;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Agent.Tests;

/// <summary>
/// The agent's process runtime end to end: the real agent program, commanded through the real protocol by a test hub,
/// downloading over HTTP as the transfers serve files, and running tests/Docket.TestEngine through its script folder.
/// </summary>
public sealed class ProcessRuntimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string work = Path.Combine(Path.GetTempPath(), "docket-agent-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Guid agentId = Guid.NewGuid();
    private TestAgentServer server = null!;
    private AgentProcess agent = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(work);
        server = await TestAgentServer.StartAsync();
        agent = AgentProcess.Start(server.HubAddress, agentId, work);
        await WaitForAsync(messages => messages.Any(m => m.Hello is not null), "the agent's hello");
    }

    public async ValueTask DisposeAsync()
    {
        await agent.DisposeAsync();
        EngineProcesses.KillAll(work);
        await server.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_training_that_succeeds_reports_each_step_in_order_its_metrics_and_its_end()
    {
        var start = Training("succeed");

        var answer = await SendAsync(new Command { CommandId = "start-1", StartProcess = start });
        answer.Succeeded.ShouldBeTrue(answer.Error);
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Succeeded, ended.Reason);
        ended.OperationId.ShouldBe(start.OperationId);
        ended.Kind.ShouldBe(ProcessKind.Training);
        ended.Metrics["loss"].ShouldBe(1.0 / 3, 1e-9);
        ended.ModelPackageBytes.ShouldBeGreaterThan(0UL);
        Codes(start.ProcessId).ShouldBe([
            EventCode.TrainProcessStartPipeline, EventCode.TrainProcessStartFileStoragePrepareSuccess,
            EventCode.TrainProcessStartDownloadScriptSuccess,
            EventCode.TrainProcessStartDownloadModelTemplateSuccess, EventCode.TrainProcessStartUnzipModelTemplateSuccess,
            EventCode.TrainProcessStartDownloadDataSetSuccess, EventCode.TrainProcessStartUnzipDataSetSuccess,
            EventCode.TrainProcessStartCompletedSuccess,
        ], agent.Output);
        server.Hub.Received.Where(m => m.Event?.ProcessId == start.ProcessId).ShouldAllBe(m => m.Event.OperationId == start.OperationId);
        var metrics = server.Hub.Received.Where(m => m.Metrics?.ProcessId == start.ProcessId).Select(m => m.Metrics).ToList();
        metrics.Select(m => m.Step).ShouldBe([1L, 2, 3]);
        metrics[1].Values["loss"].ShouldBe(0.5, 1e-9);
        metrics.ShouldAllBe(m => m.OperationId == start.OperationId);
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse("the run folder is removed after the run");
    }

    [Fact]
    public async Task An_engine_that_fails_ends_failed_with_the_engines_reason()
    {
        var start = Training("fail");

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldBe("the data set has no marked pages");
        Codes(start.ProcessId).Last().ShouldBe(EventCode.TrainProcessStartCompletedSuccess, "the engine started; it failed later");
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_dataset_whose_hash_does_not_match_fails_its_step_and_starts_no_engine()
    {
        var start = Training("succeed", dataSetSha256: new string('0', 64));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldContain("SHA-256");
        var codes = Codes(start.ProcessId);
        codes.Last().ShouldBe(EventCode.TrainProcessStartDownloadDataSetError);
        codes.ShouldNotContain(EventCode.TrainProcessStartCompletedSuccess);
        codes.ShouldNotContain(EventCode.TrainProcessStartCompletedError);
        server.Hub.Received.ShouldNotContain(m => m.Metrics != null);
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_hanging_engine_is_killed_at_its_time_limit_and_ends_timed_out()
    {
        var start = Training("hang", timeLimitSeconds: 4);

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        await WaitForAsync(_ => Codes(start.ProcessId).Contains(EventCode.TrainProcessStartCompletedSuccess), "the engine's start");
        EngineProcesses.Under(work).ShouldNotBeEmpty();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.TimedOut, ended.Reason);
        await NoEngineLeftAsync();
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_stop_ends_the_engine_and_the_process_ends_stopped()
    {
        var start = Training("hang");
        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        await WaitForAsync(_ => Codes(start.ProcessId).Contains(EventCode.TrainProcessStartCompletedSuccess), "the engine's start");
        await WaitForAsync(messages => messages.Any(m => m.Heartbeat?.Running.Any(p => p.ProcessId == start.ProcessId && p.State == "running" && p.Kind == "training") == true),
            "a heartbeat that lists the running training");

        var stop = await SendAsync(new Command { CommandId = "stop-1", StopProcess = new StopProcess { ProcessId = start.ProcessId, OperationId = "stop-op" } });
        stop.Succeeded.ShouldBeTrue(stop.Error);
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Stopped);
        ended.OperationId.ShouldBe(start.OperationId);
        await NoEngineLeftAsync();
        var again = await SendAsync(new Command { CommandId = "stop-2", StopProcess = new StopProcess { ProcessId = start.ProcessId, OperationId = "stop-op-2" } });
        again.Succeeded.ShouldBeFalse("the process runs no more");
        again.Error.ShouldContain("not running");
    }

    [Fact]
    public async Task A_warm_inference_process_stays_up_until_stopped()
    {
        var start = new StartProcess
        {
            ProcessId = Guid.NewGuid().ToString(),
            Kind = ProcessKind.Inference,
            OperationId = Guid.NewGuid().ToString(),
            Files = { server.Offer(FileRole.Script, "scripts.zip", TestPackages.Scripts("succeed")), server.Offer(FileRole.Model, "model.zip", TestPackages.Package("model")) },
            EngineInputJson = """{"markingScheme":{"name":"Invoice","kind":"Extraction","fields":[]}}""",
            TimeLimitSeconds = 60,
        };

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        await WaitForAsync(_ => Codes(start.ProcessId).Contains(EventCode.InferenceProcessStartCompletedSuccess), "the engine's ready");
        Codes(start.ProcessId).ShouldBe([
            EventCode.InferenceProcessStartPipeline, EventCode.InferenceProcessStartFileStoragePrepareSuccess,
            EventCode.InferenceProcessStartDownloadScriptSuccess,
            EventCode.InferenceProcessStartDownloadModelSuccess, EventCode.InferenceProcessStartUnzipModelSuccess,
            EventCode.InferenceProcessStartDownloadMarkingSchemeSuccess, EventCode.InferenceProcessStartCompletedSuccess,
        ]);
        var heartbeats = server.Hub.Received.Count(m => m.Heartbeat is not null);
        await WaitForAsync(messages => messages.Count(m => m.Heartbeat?.Running.Any(p => p.ProcessId == start.ProcessId && p.State == "serving") == true) >= 3
            && messages.Count(m => m.Heartbeat is not null) >= heartbeats + 3, "three heartbeats that list the serving process");
        server.Hub.Received.ShouldNotContain(m => m.ProcessEnded != null, "a warm engine stays up until it is stopped");
        EngineProcesses.Under(work).ShouldNotBeEmpty();

        (await SendAsync(new Command { CommandId = "stop-1", StopProcess = new StopProcess { ProcessId = start.ProcessId, OperationId = "stop-op" } })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Stopped, ended.Reason);
        await NoEngineLeftAsync();
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_agent_refused_as_disabled_stops_its_runs_and_reports_their_ends_once_connected_again()
    {
        var start = new StartProcess
        {
            ProcessId = Guid.NewGuid().ToString(),
            Kind = ProcessKind.Inference,
            OperationId = Guid.NewGuid().ToString(),
            Files = { server.Offer(FileRole.Script, "scripts.zip", TestPackages.Scripts("succeed")), server.Offer(FileRole.Model, "model.zip", TestPackages.Package("model")) },
            EngineInputJson = """{"markingScheme":{"name":"Invoice","kind":"Extraction","fields":[]}}""",
            TimeLimitSeconds = 60,
        };
        (await SendAsync(new Command { CommandId = "start-disabled", StartProcess = start })).Succeeded.ShouldBeTrue();
        await WaitForAsync(_ => Codes(start.ProcessId).Contains(EventCode.InferenceProcessStartCompletedSuccess), "the engine's ready");

        server.Hub.Refuse(RefusalReason.AgentDisabled, "disabled by a person");
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Stopped, ended.Reason);
        ended.Reason.ShouldContain("disabled");
        await NoEngineLeftAsync();
    }

    [Fact]
    public async Task A_test_run_ends_with_the_evaluation_and_the_count_of_predictions()
    {
        var start = TestRun();

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Succeeded, ended.Reason);
        ended.Kind.ShouldBe(ProcessKind.TestRun);
        ended.EvaluationJson.ShouldContain("\"Total\"");
        ended.PredictionCount.ShouldBe(1U);
        Codes(start.ProcessId).ShouldBe([
            EventCode.InferenceProcessStartPipeline, EventCode.InferenceProcessStartFileStoragePrepareSuccess,
            EventCode.InferenceProcessStartDownloadScriptSuccess,
            EventCode.InferenceProcessStartDownloadModelSuccess, EventCode.InferenceProcessStartUnzipModelSuccess,
            EventCode.InferenceTestProcessStartDownloadDataSetSuccess, EventCode.InferenceTestProcessStartUnzipDataSetSuccess,
            EventCode.InferenceProcessStartDownloadMarkingSchemeSuccess, EventCode.InferenceProcessStartCompletedSuccess,
        ]);
    }

    [Fact]
    public async Task The_same_command_twice_starts_one_launch_and_gets_the_same_answer()
    {
        var start = Training("succeed");
        var command = new Command { CommandId = "start-once", StartProcess = start };

        var first = await SendAsync(command);
        var second = await SendAsync(command, nth: 2);
        await EndedAsync(start.ProcessId);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        first.Succeeded.ShouldBeTrue(first.Error);
        second.ShouldBe(first, "an id seen already gets the answer it got the first time");
        Codes(start.ProcessId).Count(code => code == EventCode.TrainProcessStartPipeline).ShouldBe(1);
        server.Hub.Received.Count(m => m.ProcessEnded?.ProcessId == start.ProcessId).ShouldBe(1);
        server.Requests["scripts.zip"].ShouldBe(1, "the files were fetched once");
    }

    [Fact]
    public async Task Starts_the_agent_cannot_take_are_refused_at_once()
    {
        var unknown = Training("succeed");
        unknown.Kind = ProcessKind.Unspecified;
        var tooLarge = Training("succeed");
        tooLarge.Files[0].Size = 1UL << 60;
        var badInput = Training("succeed");
        badInput.EngineInputJson = """{"parameters":{"iterations":"many"}}""";
        var strayUpload = Training("succeed");
        strayUpload.Uploads.Add(server.Expect(OutputRole.Predictions, "stray"));
        var running = Training("hang");

        (await SendAsync(new Command { CommandId = "unknown", StartProcess = unknown })).Error.ShouldContain("does not know the process kind");
        (await SendAsync(new Command { CommandId = "too-large", StartProcess = tooLarge })).Error.ShouldContain("WorkDiskBudget");
        (await SendAsync(new Command { CommandId = "bad-input", StartProcess = badInput })).Error.ShouldContain("engine input cannot be read");
        (await SendAsync(new Command { CommandId = "stray-upload", StartProcess = strayUpload })).Error.ShouldContain("leaves no output of the role Predictions");
        (await SendAsync(new Command { CommandId = "running-1", StartProcess = running })).Succeeded.ShouldBeTrue();
        var twice = await SendAsync(new Command { CommandId = "running-2", StartProcess = running });

        twice.Succeeded.ShouldBeFalse();
        twice.Error.ShouldContain("already running");
        Codes(unknown.ProcessId).ShouldBeEmpty();
        Codes(tooLarge.ProcessId).ShouldBeEmpty();
        Codes(badInput.ProcessId).ShouldBeEmpty();
        Codes(strayUpload.ProcessId).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_run_left_by_an_agent_killed_with_SIGKILL_is_ended_and_reported_lost_on_the_next_start()
    {
        var start = Training("hang");
        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        await WaitForAsync(_ => Codes(start.ProcessId).Contains(EventCode.TrainProcessStartCompletedSuccess), "the engine's start");

        await agent.KillAsync();
        EngineProcesses.Under(work).ShouldNotBeEmpty("the engine lives in a session of its own and outlives the agent");
        var hellos = server.Hub.Received.Count(m => m.Hello is not null);
        await agent.DisposeAsync();
        agent = AgentProcess.Start(server.HubAddress, agentId, work);
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Lost);
        ended.OperationId.ShouldBe(start.OperationId);
        var lost = server.Hub.Received.Last(m => m.Event?.ProcessId == start.ProcessId).Event;
        ((EventCode)lost.Code).ShouldBe(EventCode.TrainProcessEmergencyShutdown);
        lost.OperationId.ShouldBe(start.OperationId);
        server.Hub.Received.Where(m => m.Hello is not null).Skip(hellos).ShouldAllBe(m => m.Hello.Running.Count == 0);
        await NoEngineLeftAsync();
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_training_uploads_its_model_package_before_it_ends_and_lists_it_with_its_hash()
    {
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package"));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Succeeded, ended.Reason + "\n" + agent.Output);
        var upload = server.Upload("model-package");
        upload.Attempts.ShouldBe(1);
        upload.ContentType.ShouldBe("application/zip");
        var kept = upload.Content.ShouldNotBeNull();
        var output = ended.Outputs.ShouldHaveSingleItem();
        output.Role.ShouldBe(OutputRole.ModelPackage);
        output.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(kept)));
        output.Size.ShouldBe((ulong)kept.Length);
        ended.ModelPackageBytes.ShouldBe(64UL * 1024 + (ulong)Entry(kept, "model.json").Length);
        IndexOfEnd(start.ProcessId).ShouldBeGreaterThanOrEqualTo(upload.MessagesBefore, "the package is kept before the run's end is sent");

        using (var zip = new ZipArchive(new MemoryStream(kept)))
        {
            zip.Entries.Select(entry => entry.FullName).ShouldBe(["model.json", "weights/layer-1.bin"], "the folder's files by their paths in it, in order");
            Entry(kept, "model.json").ShouldContain("\"engine\":\"test\"");
            var weights = zip.GetEntry("weights/layer-1.bin")!;
            weights.CompressedLength.ShouldBe(weights.Length, "zeros deflate past what readers take from a zip, so they are stored");
        }

        // The package is one a later launch takes: the agent's own unzip checks (links, bombs) accept it.
        var copy = Path.Combine(work, "kept.zip");
        await File.WriteAllBytesAsync(copy, kept, TestContext.Current.CancellationToken);
        var unzipped = await new PackageExtractor(new WorkDisk(Options.Create(new AgentOptions { WorkDirectory = work })))
            .ExtractAsync(copy, Path.Combine(work, "unzipped"), new ZipLimits { MaxCompressionRatio = 200 }, TestContext.Current.CancellationToken);
        unzipped.Succeeded.ShouldBeTrue(unzipped.Detail);
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse("the package's zip goes with the run folder");
    }

    [Fact]
    public async Task A_test_run_uploads_its_predictions_as_the_engine_wrote_them()
    {
        var start = TestRun();
        start.Uploads.Add(server.Expect(OutputRole.Predictions, "predictions"));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Succeeded, ended.Reason + "\n" + agent.Output);
        ended.PredictionCount.ShouldBe(1U);
        var upload = server.Upload("predictions");
        upload.ContentType.ShouldBe("application/x-ndjson");
        var kept = upload.Content.ShouldNotBeNull();
        var text = Encoding.UTF8.GetString(kept);
        text.ShouldStartWith($"{{\"sha256\":\"{new string('a', 64)}\",\"page\":1,");
        text.ShouldEndWith("}\n");
        var output = ended.Outputs.ShouldHaveSingleItem();
        output.Role.ShouldBe(OutputRole.Predictions);
        output.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(kept)));
        output.Size.ShouldBe((ulong)kept.Length);
        IndexOfEnd(start.ProcessId).ShouldBeGreaterThanOrEqualTo(upload.MessagesBefore);
    }

    [Fact]
    public async Task An_upload_answered_503_is_tried_again_until_the_server_keeps_it()
    {
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package", busyFirst: 2));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Succeeded, ended.Reason + "\n" + agent.Output);
        var upload = server.Upload("model-package");
        upload.Attempts.ShouldBe(3, "two answers of 503, then kept");
        ended.Outputs.ShouldHaveSingleItem().Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(upload.Content!)));
    }

    [Fact]
    public async Task An_upload_the_server_keeps_answering_503_ends_failed_after_five_attempts()
    {
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package", busyFirst: int.MaxValue));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldBe("the model package could not be uploaded: it was tried 5 times; the last time: 503: The server is restarting.");
        server.Upload("model-package").Attempts.ShouldBe(5);
        ended.Outputs.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stop_while_an_upload_waits_to_be_tried_again_ends_the_run_stopped()
    {
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package", busyFirst: int.MaxValue));
        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        await WaitForAsync(_ => server.Upload("model-package").Attempts >= 2, "a second attempt to upload");

        (await SendAsync(new Command { CommandId = "stop-1", StopProcess = new StopProcess { ProcessId = start.ProcessId, OperationId = "stop-op" } })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Stopped);
        ended.Outputs.ShouldBeEmpty();
        server.Upload("model-package").Attempts.ShouldBeLessThan(5);
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_upload_the_server_refuses_fails_the_run_at_once_with_the_servers_reason()
    {
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package", serverMaxBytes: 10));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldBe("the model package could not be uploaded: 413: The output may be at most 10 bytes.");
        ended.Outputs.ShouldBeEmpty();
        server.Upload("model-package").Attempts.ShouldBe(1, "a 4xx is not tried again");
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    [Fact]
    public async Task Predictions_the_server_refuses_fail_the_test_run_with_the_servers_reason()
    {
        var start = TestRun();
        start.Uploads.Add(server.Expect(OutputRole.Predictions, "predictions", refuseWith: 409));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldBe("the predictions could not be uploaded: 409: The launch has ended already.");
        ended.Outputs.ShouldBeEmpty();
        server.Upload("predictions").Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_model_package_over_the_tickets_max_bytes_fails_the_run_without_being_sent()
    {
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package", maxBytes: 100));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldStartWith("the model package could not be uploaded: it is ");
        ended.Reason.ShouldEndWith(" bytes, more than the 100 the server takes; nothing was sent.");
        server.Upload("model-package").Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task An_agent_whose_key_is_in_a_credentials_file_sends_it_with_its_downloads_and_uploads()
    {
        await agent.DisposeAsync();
        var hellos = server.Hub.Received.Count(m => m.Hello is not null);
        agent = AgentProcess.Start(server.HubAddress, agentId, work, credentialsFile: Path.Combine(work, "local-agent.json"));
        await WaitForAsync(messages => messages.Count(m => m.Hello is not null) > hellos, "the hello of the agent with a credentials file");
        var start = Training("succeed");
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package"));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Succeeded, ended.Reason);
        server.Upload("model-package").Content.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("no-model", "the engine exited with code 0 but left no model package in output/model/")]
    [InlineData("empty-model", "the model package could not be made: the engine left no file in output/model/")]
    [InlineData("model-link", "the model package could not be made: output/model/weights/shared.bin is a link; the model package takes files only")]
    public async Task A_training_without_a_model_package_to_send_fails_and_sends_nothing(string behaviour, string reason)
    {
        var start = Training(behaviour);
        start.Uploads.Add(server.Expect(OutputRole.ModelPackage, "model-package"));

        (await SendAsync(new Command { CommandId = "start-1", StartProcess = start })).Succeeded.ShouldBeTrue();
        var ended = await EndedAsync(start.ProcessId);

        ended.Outcome.ShouldBe(ProcessOutcome.Failed);
        ended.Reason.ShouldBe(reason);
        ended.Outputs.ShouldBeEmpty();
        server.Upload("model-package").Attempts.ShouldBe(0);
        Directory.Exists(RunFolderOf(start.ProcessId)).ShouldBeFalse();
    }

    private StartProcess Training(string behaviour, string? dataSetSha256 = null, uint timeLimitSeconds = 120) => new()
    {
        ProcessId = Guid.NewGuid().ToString(),
        Kind = ProcessKind.Training,
        OperationId = Guid.NewGuid().ToString(),
        Files =
        {
            server.Offer(FileRole.Script, "scripts.zip", TestPackages.Scripts(behaviour)),
            server.Offer(FileRole.ModelTemplate, "model-template.zip", TestPackages.Package("model template")),
            server.Offer(FileRole.DataSet, "data-set.zip", TestPackages.Package("data set"), dataSetSha256),
        },
        EngineInputJson = """{"parameters":{"iterations":3,"batchSize":2,"device":"cpu"},"settings":{"backbone":"small"}}""",
        TimeLimitSeconds = timeLimitSeconds,
    };

    private StartProcess TestRun() => new()
    {
        ProcessId = Guid.NewGuid().ToString(),
        Kind = ProcessKind.TestRun,
        OperationId = Guid.NewGuid().ToString(),
        Files =
        {
            server.Offer(FileRole.Script, "scripts.zip", TestPackages.Scripts("succeed")),
            server.Offer(FileRole.Model, "model.zip", TestPackages.Package("model")),
            server.Offer(FileRole.TestDataSet, "test-data-set.zip", TestPackages.Package("test data set")),
        },
        EngineInputJson = """{"markingScheme":{"name":"Invoice","kind":"Extraction","fields":[]}}""",
        TimeLimitSeconds = 60,
    };

    private static string Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private int IndexOfEnd(string processId) =>
        server.Hub.Received.Select((message, index) => (message, index)).First(pair => pair.message.ProcessEnded?.ProcessId == processId).index;

    private async Task<CommandResult> SendAsync(Command command, int nth = 1)
    {
        server.Hub.Send(command);
        var messages = await WaitForAsync(received => received.Count(m => m.Result?.CommandId == command.CommandId) >= nth, $"the answer to {command.CommandId}");
        return messages.Last(m => m.Result?.CommandId == command.CommandId).Result;
    }

    private async Task<ProcessEnded> EndedAsync(string processId)
    {
        var messages = await WaitForAsync(received => received.Any(m => m.ProcessEnded?.ProcessId == processId), $"the end of {processId}");
        return messages.First(m => m.ProcessEnded?.ProcessId == processId).ProcessEnded;
    }

    private List<EventCode> Codes(string processId) =>
        [.. server.Hub.Received.Where(m => m.Event?.ProcessId == processId).Select(m => (EventCode)m.Event.Code)];

    private string RunFolderOf(string processId) => Path.Combine(work, "runs", Guid.Parse(processId).ToString("N"));

    private async Task NoEngineLeftAsync()
    {
        for (var i = 0; i < 100 && EngineProcesses.Under(work).Count > 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        EngineProcesses.Under(work).ShouldBeEmpty("every process of the engine's group is gone");
    }

    private async Task<IReadOnlyList<AgentMessage>> WaitForAsync(Func<IReadOnlyList<AgentMessage>, bool> condition, string what)
    {
        var waiting = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var messages = server.Hub.Received;
            if (condition(messages))
            {
                return messages;
            }

            if (TimeProvider.System.GetElapsedTime(waiting) > Patience || agent.HasExited)
            {
                throw new TimeoutException($"No {what} within {Patience} (the agent exited: {agent.HasExited}). The agent's log:\n{agent.Output}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
