using System.Security.Cryptography;
using Docket.Agent.Files;
using Docket.Agent.Protocol.V1;
using Docket.Server.Common;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// The agent's side of a run's outputs (src/Docket.Agent/Files/FileUploader), used as a library against the real
/// server's output endpoint on the address agents dial (the plain HTTP/2 AgentStream endpoint), so that the two agree
/// on the request (key, token, Repr-Digest, length): an output is kept and handed on with the end that names its hash;
/// one over the server's limit, or after the end, is refused once with the server's reason.
/// </summary>
public sealed class AgentUploadTests(LaunchServer server) : IClassFixture<LaunchServer>, IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("docket-agent-upload-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task The_agents_upload_is_kept_and_the_end_that_names_its_hash_hands_it_to_the_area()
    {
        var (key, stream, processId, operationKey, upload) = await LaunchAsync(LaunchKind.Training);
        var package = await WriteAsync("model-package.zip", 40 * 1024);

        var sent = await Uploader(key).UploadAsync(Ticket(upload), package, "application/zip", Cancellation);
        sent.Succeeded.ShouldBeTrue(sent.Detail);
        var bytes = await File.ReadAllBytesAsync(package, Cancellation);
        sent.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        sent.Size.ShouldBe(bytes.Length);
        await using (stream)
        {
            await stream.SendAsync(new AgentMessage
            {
                ProcessEnded = new ProcessEnded
                {
                    ProcessId = processId.ToString(), OperationId = operationKey, Kind = ProcessKind.Training, Outcome = ProcessOutcome.Succeeded,
                    Outputs = { new UploadedOutput { Role = OutputRole.ModelPackage, Sha256 = sent.Sha256, Size = (ulong)sent.Size } },
                },
            });

            var end = await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == processId).End);
            end.Outputs[LaunchOutputRole.ModelPackage].ShouldBe(new LaunchOutput(sent.Sha256!, sent.Size));
        }
    }

    [Fact]
    public async Task An_output_over_the_servers_limit_is_refused_once_with_the_servers_reason_and_one_after_the_end_too()
    {
        var (key, stream, processId, operationKey, upload) = await LaunchAsync(LaunchKind.TestRun);
        var predictions = await WriteAsync("predictions.ndjson", (int)LaunchServer.MaxOutputBytes + 1);
        var uploader = Uploader(key);

        var byTicket = await uploader.UploadAsync(Ticket(upload), predictions, "application/x-ndjson", Cancellation);
        var byServer = await uploader.UploadAsync(Ticket(upload) with { MaxBytes = 0 }, predictions, "application/x-ndjson", Cancellation);

        byTicket.Detail.ShouldBe($"it is {LaunchServer.MaxOutputBytes + 1} bytes, more than the {LaunchServer.MaxOutputBytes} the server takes; nothing was sent.");
        byServer.Detail.ShouldBe($"413: An output may be at most {LaunchServer.MaxOutputBytes} bytes (Agents:MaxOutputBytes).");
        await using (stream)
        {
            await stream.SendAsync(new AgentMessage
            {
                ProcessEnded = new ProcessEnded { ProcessId = processId.ToString(), OperationId = operationKey, Kind = ProcessKind.TestRun, Outcome = ProcessOutcome.Failed },
            });
            await WaitForAsync(() => server.Handler.Ends.FirstOrDefault(e => e.Launch.ProcessId == processId).End);
        }

        var late = await uploader.UploadAsync(Ticket(upload), await WriteAsync("late.ndjson", 100), "application/x-ndjson", Cancellation);
        late.Detail.ShouldBe("409: The launch has ended: an output must be uploaded before the end is reported.");
    }

    /// <summary>A launch of <paramref name="kind"/> on a new agent, accepted by it: its key, its stream and the upload it was given.</summary>
    private async Task<(string Key, TestAgentStream Stream, Guid ProcessId, string OperationKey, ProcessUpload Upload)> LaunchAsync(LaunchKind kind)
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("uploader");
        var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(agentId) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);
        var processId = Guid.NewGuid();
        var operationKey = "upload-" + Guid.NewGuid().ToString("N");
        stream.Running = () => [new RunningProcess { ProcessId = processId.ToString(), OperationId = operationKey, Kind = "training", State = "running" }];
        stream.KeepAlive(AgentServer.Period / 4);

        StoredBlob file;
        await using (var blobs = server.Scope())
        {
            file = await blobs.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(100)), Cancellation);
        }

        var scope = server.Scope();
        var operation = scope.ServiceProvider.GetRequiredService<OperationContext>();
        operation.TenantId = tenant.Id;
        operation.OperationKey = operationKey;
        var launches = scope.ServiceProvider.GetRequiredService<AgentLaunches>();
        var role = kind == LaunchKind.Training ? LaunchFileRole.DataSet : LaunchFileRole.TestDataSet;
        var staged = await launches.StageAsync(
            new LaunchRequest(agentId, tenant.Id, kind, processId, [new LaunchFile(role, new AgentFile(file.Key, file.Size, "data.zip"))], "{}", TimeSpan.FromMinutes(10)),
            Cancellation);
        staged.Error.ShouldBeNull();
        var sent = Task.Run(async () =>
        {
            await using (scope)
            {
                return await launches.SendAsync(staged.Value!, Cancellation);
            }
        }, Cancellation);

        Command command;
        do
        {
            command = (await stream.ReceiveAsync(Cancellation))!.Command;
        }
        while (command is null);

        await stream.SendAsync(new AgentMessage { Result = new CommandResult { CommandId = command.CommandId, Succeeded = true } });
        (await sent).Kind.ShouldBe(LaunchAnswerKind.Accepted);
        return (key, stream, processId, operationKey, command.StartProcess.Uploads.ShouldHaveSingleItem());
    }

    private static UploadTicket Ticket(ProcessUpload upload) => new(upload.Path, upload.Token, (long)upload.MaxBytes);

    private FileUploader Uploader(string key) => new(new HttpClient(new SocketsHttpHandler()),
        Options.Create(new Docket.Agent.AgentOptions { Server = server.StreamAddress, Id = Guid.NewGuid(), Key = key, WorkDirectory = work }),
        TimeProvider.System, NullLogger<FileUploader>.Instance);

    private async Task<string> WriteAsync(string name, int size)
    {
        var path = Path.Combine(work, name);
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(size), Cancellation);
        return path;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
