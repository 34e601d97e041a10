using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Across machines: the real agent dials the real server over TLS, trusting the private CA it is given and no other,
/// and refuses to dial plain http to an address that is not loopback.
/// </summary>
public sealed class AgentTlsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_agent_connects_over_TLS_to_a_certificate_of_its_private_CA_and_refuses_one_of_another_CA()
    {
        var apiPort = FreePort();
        var tlsPort = FreePort();
        var folder = Directory.CreateTempSubdirectory("docket-tls-").FullName;
        using var ours = new TestCertificates("Docket Test CA");
        using var theirs = new TestCertificates("Another CA");
        var certificate = ours.WriteServerCertificate(folder, "test");
        var trusted = ours.WriteAuthority(Directory.CreateDirectory(Path.Combine(folder, "ours")).FullName);
        var untrusted = theirs.WriteAuthority(Directory.CreateDirectory(Path.Combine(folder, "theirs")).FullName);

        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        await using var server = await ServerProcess.StartAsync(storage, "node-tls",
        [
            .. ServerSettings.ForTests,
            "--Agents:Period=00:00:00.500",
            $"--Kestrel:Endpoints:Access:Url=http://127.0.0.1:{apiPort}",
            $"--Kestrel:Endpoints:Tls:Url=https://127.0.0.1:{tlsPort}",
            $"--Kestrel:Endpoints:Tls:Certificate:Path={certificate}",
            "--Kestrel:Endpoints:Tls:Certificate:Password=test",
        ], Cancellation);
        using var admin = await server.AdminAsync(Cancellation);
        var (id, key) = await CreateAsync(admin, "over-tls");
        var (otherId, otherKey) = await CreateAsync(admin, "wrong-ca");
        var address = new Uri($"https://127.0.0.1:{tlsPort}");

        await using var agent = AgentProcess.Start(address, id, key, folder, $"--Agent:CertificateAuthority={trusted}");
        await using var refused = AgentProcess.Start(address, otherId, otherKey, folder, $"--Agent:CertificateAuthority={untrusted}");

        await EventuallyAsync(async () => await StateAsync(admin, id) == "Available", agent);
        await EventuallyAsync(() => Task.FromResult(refused.Output.Contains("certificate", StringComparison.OrdinalIgnoreCase)), refused);
        (await StateAsync(admin, otherId)).ShouldBe("Unknown");

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_agent_refuses_plain_http_to_an_address_that_is_not_loopback_with_a_message_that_says_why()
    {
        var folder = Directory.CreateTempSubdirectory("docket-plain-").FullName;

        await using var agent = AgentProcess.Start(new Uri("http://192.0.2.10:5081"), Guid.NewGuid(), "dkk_test", folder);

        (await agent.ExitedAsync(TimeSpan.FromSeconds(30))).ShouldNotBe(0);
        agent.Output.ShouldContain("Agent:Server is plain http to 192.0.2.10, which is not this machine");
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(Guid Id, string Key)> CreateAsync(HttpClient admin, string name)
    {
        var created = await (await admin.PostAsJsonAsync("/api/v1/agents", new { name }, Cancellation)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (created.GetProperty("agent").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    private static async Task<string> StateAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{id}", Cancellation)).GetProperty("state").GetString()!;

    private static async Task EventuallyAsync(Func<Task<bool>> condition, AgentProcess agent)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            TimeProvider.System.GetElapsedTime(start).ShouldBeLessThan(TimeSpan.FromSeconds(30), $"the condition never held:\n{agent.Output}");
            await Task.Delay(100, Cancellation);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
