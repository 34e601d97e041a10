using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Agent.Protocol.V1;
using Docket.Server.Features.Agents;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Agents:Local, the quick start's agent: the server makes the agent of its host in the default tenant and writes its id
/// and a fresh key to a file only its user reads; each start renews the key and revokes the old one; the real agent
/// reads the file and connects.
/// </summary>
public sealed class LocalAgentTests(LocalAgentServer server) : IClassFixture<LocalAgentServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_local_agent_is_provisioned_0600_renewed_at_each_start_and_the_agent_connects_with_the_file()
    {
        var path = Path.Combine(server.DataDirectory, LocalAgentProvisioner.FileName);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var (id, key) = Read(path);
        using var admin = await server.AdminAsync();
        var agent = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{id}", Cancellation);
        agent.GetProperty("name").GetString().ShouldBe(LocalAgentProvisioner.LocalName);
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation);
        agent.GetProperty("tenantId").GetGuid().ShouldBe(me.GetProperty("tenantId").GetGuid());
        (await admin.EventsAsync($"entityId={id}&codes=400")).Length.ShouldBe(1);
        await ShouldBeWelcomedAsync(id, key);

        // A second start: the same agent, a fresh key; the old one opens nothing any more.
        await using (var scope = server.Scope())
        {
            await scope.ServiceProvider.GetServices<IDatabaseSeeder>().OfType<LocalAgentProvisioner>().Single().SeedAsync(Cancellation);
        }

        var (sameId, fresh) = Read(path);
        sameId.ShouldBe(id);
        fresh.ShouldNotBe(key);
        await using (var stale = new TestAgentStream(server.StreamAddress, key, Cancellation))
        {
            var refused = await Should.ThrowAsync<RpcException>(async () =>
            {
                await stale.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
                await stale.ReceiveAsync(Cancellation);
            });
            refused.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        }

        (await admin.EventsAsync($"entityId={id}&codes=400,401")).Select(e => e.GetProperty("code").GetInt32()).ShouldBe([401, 400]);
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents", Cancellation)).EnumerateArray()
            .Count(a => a.GetProperty("name").GetString() == LocalAgentProvisioner.LocalName).ShouldBe(1);

        // The agent as run.sh starts it: no id nor key of its own, only the file.
        var work = Directory.CreateTempSubdirectory("docket-local-agent-").FullName;
        await using (var process = AgentProcess.Start(server.StreamAddress, null, null, work, $"--Agent:CredentialsFile={path}"))
        {
            var start = TimeProvider.System.GetTimestamp();
            while ((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{id}", Cancellation)).GetProperty("state").GetString() != "Available")
            {
                TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(TimeSpan.FromSeconds(30), $"the local agent never connected:\n{process.Output}");
                await Task.Delay(100, Cancellation);
            }
        }

        Directory.Delete(work, recursive: true);
    }

    private async Task ShouldBeWelcomedAsync(Guid id, string key)
    {
        await using var stream = new TestAgentStream(server.StreamAddress, key, Cancellation);
        await stream.SendAsync(new AgentMessage { Hello = TestAgentStream.Hello(id) });
        (await stream.ReceiveAsync(Cancellation))!.KindCase.ShouldBe(ServerMessage.KindOneofCase.Welcome);
    }

    private static (Guid Id, string Key) Read(string path)
    {
        var content = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        return (content.GetProperty("id").GetGuid(), content.GetProperty("key").GetString()!);
    }
}
