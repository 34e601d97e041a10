using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Docket.Agent.Protocol.V1;
using Docket.Server.Common;
using Docket.Server.Features.Agents;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// The launch core the process areas stand on, driven by a test stream that speaks the protocol and a recording
/// process area (<see cref="LaunchServer"/>): a launch goes out with its tickets and upload token; the agent's steps
/// reach the area once each, under the launch's operation key; an agent reports only on its own launches and its
/// kind's codes; an output is taken only with the agent's key, the launch's token and matching bytes; a launch the
/// agent no longer lists ends as lost; a refused start and a stop say what the agent answered.
/// </summary>
public sealed class AgentLaunchTests(LaunchServer server) : IClassFixture<LaunchServer>
{
    /// <summary>What this test's streams list in their heartbeats: every launch it started, unless a test says otherwise.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, string> running = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_launch_goes_out_with_its_files_and_the_agents_steps_reach_the_area_once_under_the_launchs_operation_key()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("launcher");
        await using var stream = await ConnectAsync(agentId, key);
        var processId = Guid.NewGuid();
        var operationKey = "launch-" + Guid.NewGuid().ToString("N");
        var file = await PutBlobAsync(4096);

        var (sent, launch) = await StartAsync(tenant.Id, agentId, processId, operationKey, LaunchKind.Training, file);
        var command = await ReceiveCommandAsync(stream);
        var start = command.StartProcess.ShouldNotBeNull();
        start.ProcessId.ShouldBe(processId.ToString());
        start.OperationId.ShouldBe(operationKey);
        start.Kind.ShouldBe(ProcessKind.Training);
        start.TimeLimitSeconds.ShouldBe(600u);
        var ticket = start.Files.ShouldHaveSingleItem();
        (ticket.Role, ticket.Sha256, ticket.Size).ShouldBe((FileRole.DataSet, file.Key, (ulong)file.Size));
        ticket.Token.ShouldNotBeNullOrEmpty();
        var upload = start.Uploads.ShouldHaveSingleItem();
        upload.Role.ShouldBe(OutputRole.ModelPackage);
        upload.MaxBytes.ShouldBe((ulong)LaunchServer.MaxOutputBytes);

        await stream.SendAsync(new AgentMessage { Result = new CommandResult { CommandId = command.CommandId, Succeeded = true } });
        (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);

        // The first step comes twice (a resend after a broken stream), a code of another kind once: each is taken once, or not at all.
        await StepAsync(stream, 15100, processId, operationKey, "pipeline");
        await StepAsync(stream, 15100, processId, operationKey, "pipeline again");
        await StepAsync(stream, 18100, processId, operationKey, "an inference code");
        await StepAsync(stream, 15200, processId, operationKey, "folder ready");
        await stream.SendAsync(new AgentMessage
        {
            Metrics = new ProcessMetrics { ProcessId = processId.ToString(), OperationId = operationKey, Step = 3, Values = { ["loss"] = 0.5, ["nan"] = double.NaN } },
        });

        var package = RandomNumberGenerator.GetBytes(2048);
        (await UploadAsync(key, upload, package)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await stream.SendAsync(new AgentMessage { ProcessEnded = Ended(processId, operationKey, ProcessOutcome.Succeeded, package) });

        var end = await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == processId).End);
        end.Outcome.ShouldBe(LaunchOutcome.Succeeded);
        end.Outputs[LaunchOutputRole.ModelPackage].ShouldBe(new LaunchOutput(Convert.ToHexStringLower(SHA256.HashData(package)), package.Length));
        var steps = server.Handler.Steps.Where(s => s.Launch.ProcessId == processId).ToList();
        steps.Select(s => (int)s.Step.Code).ShouldBe([15100, 15200]);
        steps[0].Step.Text.ShouldBe("pipeline");
        steps.ShouldAllBe(s => s.Launch.LaunchId == launch.LaunchId && s.Launch.OperationKey == operationKey);
        var metrics = server.Handler.Metrics.Single(m => m.Launch.ProcessId == processId).Metrics;
        (metrics.Step, metrics.Values.Keys.Single(), metrics.Values["loss"]).ShouldBe((3L, "loss", 0.5));

        var recorded = await tenant.Admin.EventsAsync($"operationKey={operationKey}&limit=100");
        recorded.Select(e => e.GetProperty("code").GetInt32()).Order().ShouldBe([15100, 15200]);
    }

    [Fact]
    public async Task An_agent_reports_only_on_its_own_launches_and_an_end_is_taken_once()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("owner");
        var (otherId, otherKey) = await tenant.CreateAgentAsync("meddler");
        await using var stream = await ConnectAsync(agentId, key);
        await using var other = await ConnectAsync(otherId, otherKey);
        var processId = Guid.NewGuid();
        var operationKey = "own-" + Guid.NewGuid().ToString("N");
        var (sent, _) = await StartAsync(tenant.Id, agentId, processId, operationKey, LaunchKind.Inference, await PutBlobAsync(100));
        await AnswerAsync(stream, succeeded: true);
        (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);

        await StepAsync(other, 18100, processId, operationKey, "not mine");
        await other.SendAsync(new AgentMessage { ProcessEnded = Ended(processId, operationKey, ProcessOutcome.Failed, null, "forged") });
        await StepAsync(stream, 18100, processId, operationKey, "mine");
        await stream.SendAsync(new AgentMessage { ProcessEnded = Ended(processId, operationKey, ProcessOutcome.Stopped, null, "first") });
        await stream.SendAsync(new AgentMessage { ProcessEnded = Ended(processId, operationKey, ProcessOutcome.Failed, null, "second") });
        await StepAsync(stream, 18200, processId, operationKey, "after the end");

        var end = await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == processId).End);
        end.Outcome.ShouldBe(LaunchOutcome.Stopped);
        end.Reason.ShouldBe("first");

        // A heartbeat is handled after the reports sent before it: by then nothing else was taken.
        await stream.HeartbeatAsync();
        await stream.HeartbeatAsync();
        server.Handler.Ends.Count(e => e.Launch.ProcessId == processId).ShouldBe(1);
        server.Handler.Steps.Where(s => s.Launch.ProcessId == processId).Select(s => s.Step.Text).ShouldBe(["mine"]);
    }

    [Fact]
    public async Task An_output_is_taken_only_with_the_agents_key_the_launchs_token_and_the_bytes_it_claims()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("uploader");
        var (_, otherKey) = await tenant.CreateAgentAsync("stranger");
        await using var stream = await ConnectAsync(agentId, key);
        var processId = Guid.NewGuid();
        var operationKey = "out-" + Guid.NewGuid().ToString("N");
        var (sent, _) = await StartAsync(tenant.Id, agentId, processId, operationKey, LaunchKind.TestRun, await PutBlobAsync(100));
        var upload = (await AnswerAsync(stream, succeeded: true)).StartProcess.Uploads.ShouldHaveSingleItem();
        (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);
        upload.Role.ShouldBe(OutputRole.Predictions);
        var bytes = "{\"sha256\":\"00\",\"page\":1,\"fields\":[]}\n"u8.ToArray();

        (await UploadAsync(null, upload, bytes)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await UploadAsync(otherKey, upload, bytes)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await UploadAsync(key, new ProcessUpload(upload) { Token = "dku_wrong" }, bytes)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await UploadAsync(key, new ProcessUpload(upload) { Path = upload.Path.Replace("predictions", "model-package", StringComparison.Ordinal) }, bytes))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await UploadAsync(key, upload, bytes, digestOf: [.. bytes, 1])).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await UploadAsync(key, upload, new byte[LaunchServer.MaxOutputBytes + 1])).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await UploadAsync(key, upload, bytes)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The end vouches for other bytes than those kept: the area is not handed them.
        await stream.SendAsync(new AgentMessage { ProcessEnded = Ended(processId, operationKey, ProcessOutcome.Succeeded, [.. bytes, 2], role: OutputRole.Predictions) });
        var end = await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == processId).End);
        end.Outputs.ShouldBeEmpty();
        await WaitUntilEndedAsync(processId);
        await (await UploadAsync(key, upload, bytes)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_launch_the_agent_no_longer_lists_is_ended_as_lost_and_one_it_lists_runs_on()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("forgetful");
        await using var stream = await ConnectAsync(agentId, key);
        var listed = Guid.NewGuid();
        var forgotten = Guid.NewGuid();
        var listedKey = "listed-" + Guid.NewGuid().ToString("N");
        stream.Running = () => [new RunningProcess { ProcessId = listed.ToString(), OperationId = listedKey, Kind = "inference", State = "serving" }];
        foreach (var (process, operationKey) in new[] { (listed, listedKey), (forgotten, "forgotten-" + Guid.NewGuid().ToString("N")) })
        {
            var (sent, _) = await StartAsync(tenant.Id, agentId, process, operationKey, LaunchKind.Inference, await PutBlobAsync(100));
            await AnswerAsync(stream, succeeded: true);
            (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);
        }

        // The grace is the answer timeout (3 s): the forgotten launch ends as lost after it, through the area.
        var end = await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == forgotten).End, TimeSpan.FromSeconds(20));
        end.Outcome.ShouldBe(LaunchOutcome.Lost);
        end.Reason.ShouldContain("no longer runs it");
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        server.Handler.Ends.ShouldNotContain(e => e.Launch.ProcessId == listed);
        await using var scope = server.Scope();
        (await scope.ServiceProvider.GetRequiredService<AgentLaunches>().OpenLaunchAsync(listed, Cancellation)).ShouldNotBeNull().OperationKey.ShouldBe(listedKey);
    }

    [Fact]
    public async Task A_refused_start_and_a_stop_say_what_the_agent_answered()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("choosy");
        await using var stream = await ConnectAsync(agentId, key);
        var refusedId = Guid.NewGuid();
        var (refused, _) = await StartAsync(tenant.Id, agentId, refusedId, "refused-" + Guid.NewGuid().ToString("N"), LaunchKind.Training, await PutBlobAsync(10));
        await AnswerAsync(stream, succeeded: false, "over the disk budget");
        (await refused).ShouldBe(new LaunchAnswer(LaunchAnswerKind.Refused, "over the disk budget"));
        await using (var scope = server.Scope())
        {
            // The start's own save marked it ended: nothing is left open.
            (await scope.ServiceProvider.GetRequiredService<AgentLaunches>().OpenLaunchAsync(refusedId, Cancellation)).ShouldBeNull();
        }

        var runningId = Guid.NewGuid();
        var (sent, _) = await StartAsync(tenant.Id, agentId, runningId, "stopped-" + Guid.NewGuid().ToString("N"), LaunchKind.Inference, await PutBlobAsync(10));
        await AnswerAsync(stream, succeeded: true);
        (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);

        var stopped = StopAsync(runningId, "stop-" + Guid.NewGuid().ToString("N"));
        var stop = (await AnswerAsync(stream, succeeded: false, "not running on this agent")).StopProcess.ShouldNotBeNull();
        stop.ProcessId.ShouldBe(runningId.ToString());
        (await stopped).ShouldBe(new LaunchAnswer(LaunchAnswerKind.Refused, "not running on this agent"));
        await using (var scope = server.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<AgentLaunches>().OpenLaunchAsync(runningId, Cancellation)).ShouldBeNull();
        }
    }

    [Fact]
    public async Task Disabling_an_agent_ends_its_open_launches_through_the_area()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("retired");
        await using var stream = await ConnectAsync(agentId, key);
        var processId = Guid.NewGuid();
        var operationKey = "retired-" + Guid.NewGuid().ToString("N");
        var (sent, _) = await StartAsync(tenant.Id, agentId, processId, operationKey, LaunchKind.Inference, await PutBlobAsync(10));
        await AnswerAsync(stream, succeeded: true);
        (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);

        (await tenant.Admin.PostAsync($"/api/v1/agents/{agentId}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var end = await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == processId).End);
        (end.Outcome, end.Reason).ShouldBe((LaunchOutcome.Stopped, "Agent 'retired' was disabled."));
        await WaitUntilEndedAsync(processId);
    }

    [Fact]
    public async Task A_launch_on_an_agent_that_is_not_connected_or_of_another_tenant_is_refused_before_anything_is_sent()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var (agentId, _) = await tenant.CreateAgentAsync("asleep");
        var file = await PutBlobAsync(10);
        await using var scope = server.Scope();
        Act(scope.ServiceProvider, tenant.Id, "asleep-" + Guid.NewGuid().ToString("N"));
        var launches = scope.ServiceProvider.GetRequiredService<AgentLaunches>();

        (await launches.StageAsync(Request(tenant.Id, agentId, Guid.NewGuid(), LaunchKind.Training, file), Cancellation)).Error.ShouldNotBeNull().Status.ShouldBe(409);
        (await launches.StageAsync(Request(other.Id, agentId, Guid.NewGuid(), LaunchKind.Training, file), Cancellation)).Error.ShouldNotBeNull().Status.ShouldBe(404);
        (await scope.ServiceProvider.GetRequiredService<DocketDbContext>().AgentLaunches.CountAsync(l => l.AgentId == agentId, Cancellation)).ShouldBe(0);
    }

    private async Task<(Task<LaunchAnswer> Sent, LaunchContext Launch)> StartAsync(
        Guid tenantId, Guid agentId, Guid processId, string operationKey, LaunchKind kind, StoredBlob file)
    {
        running[processId] = operationKey;
        var scope = server.Scope();
        Act(scope.ServiceProvider, tenantId, operationKey);
        var launches = scope.ServiceProvider.GetRequiredService<AgentLaunches>();
        var staged = await launches.StageAsync(Request(tenantId, agentId, processId, kind, file), Cancellation);
        staged.Error.ShouldBeNull();
        var sent = Task.Run(async () =>
        {
            await using (scope)
            {
                var answer = await launches.SendAsync(staged.Value!, Cancellation);

                // A refusal is saved by the caller, as a process area saves its error event with it.
                await scope.ServiceProvider.GetRequiredService<DocketDbContext>().SaveChangesAsync(Cancellation);
                return answer;
            }
        }, Cancellation);
        return (sent, staged.Value!.Launch);
    }

    private async Task<LaunchAnswer> StopAsync(Guid processId, string operationKey)
    {
        await using var scope = server.Scope();
        Act(scope.ServiceProvider, null, operationKey);
        var answer = await scope.ServiceProvider.GetRequiredService<AgentLaunches>().StopAsync(processId, Cancellation);
        await scope.ServiceProvider.GetRequiredService<DocketDbContext>().SaveChangesAsync(Cancellation);
        return answer.Value.ShouldNotBeNull();
    }

    private static LaunchRequest Request(Guid tenantId, Guid agentId, Guid processId, LaunchKind kind, StoredBlob file) =>
        new(agentId, tenantId, kind, processId, [new LaunchFile(LaunchFileRole.DataSet, new AgentFile(file.Key, file.Size, "data-set.zip"))], "{}",
            TimeSpan.FromMinutes(10));

    private static void Act(IServiceProvider services, Guid? tenantId, string operationKey)
    {
        var operation = services.GetRequiredService<OperationContext>();
        operation.TenantId = tenantId;
        operation.OperationKey = operationKey;
    }

    private async Task<StoredBlob> PutBlobAsync(int size)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(size)), Cancellation);
    }

    private static ProcessEnded Ended(Guid processId, string operationKey, ProcessOutcome outcome, byte[]? output, string reason = "",
        OutputRole role = OutputRole.ModelPackage)
    {
        var ended = new ProcessEnded { ProcessId = processId.ToString(), OperationId = operationKey, Outcome = outcome, Reason = reason };
        if (output is not null)
        {
            ended.Outputs.Add(new UploadedOutput { Role = role, Sha256 = Convert.ToHexStringLower(SHA256.HashData(output)), Size = (ulong)output.Length });
        }

        return ended;
    }

    private Task<HttpResponseMessage> UploadAsync(string? key, ProcessUpload upload, byte[] bytes, byte[]? digestOf = null)
    {
        var client = server.Anonymous();
        var request = new HttpRequestMessage(HttpMethod.Put, upload.Path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        request.Headers.Add(AgentFiles.TokenHeader, upload.Token);
        request.Headers.Add("Repr-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(digestOf ?? bytes))}:");
        return client.SendAsync(request, Cancellation);
    }

    private static Task StepAsync(TestAgentStream stream, int code, Guid processId, string operationKey, string text) =>
        stream.SendAsync(new AgentMessage { Event = new AgentEvent { Code = code, ProcessId = processId.ToString(), OperationId = operationKey, Text = text } });

    /// <summary>The area is handed the end before the transaction that ends the launch commits: wait for the commit.</summary>
    private async Task WaitUntilEndedAsync(Guid processId) =>
        await WaitForAsync(async () =>
        {
            await using var scope = server.Scope();
            return await scope.ServiceProvider.GetRequiredService<AgentLaunches>().OpenLaunchAsync(processId, Cancellation) is null ? "ended" : null;
        });

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Answers the next command on the stream and returns it.</summary>
    private static async Task<Command> AnswerAsync(TestAgentStream stream, bool succeeded, string error = "")
    {
        var command = await ReceiveCommandAsync(stream);
        await stream.SendAsync(new AgentMessage { Result = new CommandResult { CommandId = command.CommandId, Succeeded = succeeded, Error = error } });
        return command;
    }

    private async Task<TestAgentStream> ConnectAsync(Guid id, string key)
    {
        var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);
        stream.Running = () => running.Select(r => new RunningProcess { ProcessId = r.Key.ToString(), OperationId = r.Value, Kind = "training", State = "running" });
        stream.KeepAlive(AgentServer.Period / 4);
        return stream;
    }

    private static async Task<Command> ReceiveCommandAsync(TestAgentStream stream)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            var message = await stream.ReceiveAsync(deadline.Token) ?? throw new InvalidOperationException("The server ended the stream.");
            if (message.KindCase == ServerMessage.KindOneofCase.Command)
            {
                return message.Command;
            }
        }
    }
}
