using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.Agents;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// Files for agents over HTTP (docs/agents.md, "Files"): a dataset version's archive downloaded by the one agent its
/// token was issued to, whole or by ranges with its SHA-256, and every other caller, an expired token, another
/// tenant's agent and a removed dataset refused with a problem.
/// </summary>
public sealed class AgentFileTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dataset_archive_is_downloaded_by_its_agent_whole_and_by_range_with_its_SHA_256()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("files");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, 3);
        var ticket = await server.TicketAsync(agentId, tenant.Id, versionId);
        ticket.Path.ShouldStartWith("/api/v1/agent-files/");
        ticket.Path.ShouldNotContain(ticket.Token);
        ticket.Name.ShouldEndWith("-v1.zip");

        using var whole = await GetAsync(ticket, key);
        whole.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await whole.Content.ReadAsByteArrayAsync(Cancellation);
        bytes.LongLength.ShouldBe(ticket.Size);
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(ticket.Sha256);
        whole.Headers.ETag!.Tag.ShouldBe($"\"{ticket.Sha256}\"");
        whole.Headers.GetValues("Repr-Digest").Single().ShouldBe($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:");
        whole.Headers.AcceptRanges.ShouldContain("bytes");

        // A resume after a cut: the rest from where the bytes on disk end, only while the file is still the same one.
        using var rest = await GetAsync(ticket, key, from: 100, ifRange: $"\"{ticket.Sha256}\"");
        rest.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        rest.Content.Headers.ContentRange!.From.ShouldBe(100);
        (await rest.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(bytes[100..]);
        using var changed = await GetAsync(ticket, key, from: 100, ifRange: "\"another-file\"");
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsByteArrayAsync(Cancellation)).LongLength.ShouldBe(ticket.Size);
    }

    [Fact]
    public async Task Only_the_agent_the_token_was_issued_to_gets_the_file()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("owner");
        var (_, otherKey) = await tenant.CreateAgentAsync("neighbour");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, 1);
        var ticket = await server.TicketAsync(agentId, tenant.Id, versionId);

        (await (await GetAsync(ticket, otherKey)).ShouldBeProblemAsync(HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString()!.ShouldContain("another agent");
        await (await GetAsync(ticket, key: null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await GetAsync(ticket, key: "dkk_not-a-key")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // A person's API key is no agent's key, even the administrator's.
        var personal = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "mine" }, Cancellation);
        personal.StatusCode.ShouldBe(HttpStatusCode.Created, await personal.Content.ReadAsStringAsync(Cancellation));
        var personalKey = (await personal.ReadJsonAsync()).GetProperty("key").GetString();
        await (await GetAsync(ticket, personalKey)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        await (await GetAsync(ticket with { Token = "dkf_forged" }, key)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await GetAsync(ticket with { Token = "" }, key)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await GetAsync(ticket with { Path = AgentFileEndpoints.PathOf(Guid.NewGuid()) }, key)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await GetAsync(ticket, key)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_expired_token_and_a_disabled_agent_are_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("late");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, 1);
        var ticket = await server.TicketAsync(agentId, tenant.Id, versionId);
        ticket.ExpiresAt.ShouldBeGreaterThan(TimeProvider.System.GetUtcNow().UtcDateTime);
        ticket.ExpiresAt.ShouldBeLessThanOrEqualTo(TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(15));

        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            await db.AgentFileTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1)), Cancellation);
        }

        (await (await GetAsync(ticket, key)).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("expired");

        var fresh = await server.TicketAsync(agentId, tenant.Id, versionId);
        (await tenant.Admin.PostAsync($"/api/v1/agents/{agentId}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await GetAsync(fresh, key)).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("disabled");
    }

    [Fact]
    public async Task No_token_is_issued_for_another_tenants_agent_nor_for_a_file_that_is_not_there()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var (theirAgent, _) = await other.CreateAgentAsync("theirs");
        var (ourAgent, _) = await tenant.CreateAgentAsync("ours");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, 1);
        var archive = (await server.BuiltArchiveAsync(tenant.Id, versionId)).ShouldNotBeNull();
        (await server.BuiltArchiveAsync(other.Id, versionId)).ShouldBeNull();

        var file = new AgentFile(archive.BlobKey, archive.Size, archive.DownloadName);
        (await server.IssueAsync(theirAgent, tenant.Id, file)).Error!.Status.ShouldBe(403);
        (await server.IssueAsync(Guid.NewGuid(), tenant.Id, file)).Error!.Status.ShouldBe(404);
        (await server.IssueAsync(ourAgent, tenant.Id, file with { BlobKey = new string('0', 64) })).Error!.Status.ShouldBe(404);
        (await server.IssueAsync(ourAgent, tenant.Id, file with { BlobKey = "../../etc/passwd" })).Error!.Status.ShouldBe(400);
        (await server.IssueAsync(ourAgent, tenant.Id, file with { Size = file.Size + 1 })).Error!.Status.ShouldBe(409);
        (await server.IssueAsync(ourAgent, tenant.Id, file)).Error.ShouldBeNull();
    }

    [Fact]
    public async Task A_dataset_removed_while_its_archive_is_downloaded_answers_410_to_the_resume()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("removed");
        var (dataSetId, versionId) = await server.ArchivedDataSetAsync(tenant, 2);
        var ticket = await server.TicketAsync(agentId, tenant.Id, versionId);

        using var started = await GetAsync(ticket, key);
        await using var body = await started.Content.ReadAsStreamAsync(Cancellation);
        var first = new byte[64];
        await body.ReadExactlyAsync(first, Cancellation);

        (await tenant.Admin.DeleteAsync($"/api/v1/data-sets/{dataSetId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await (await GetAsync(ticket, key, from: 64, ifRange: $"\"{ticket.Sha256}\"")).ShouldBeProblemAsync(HttpStatusCode.Gone))
            .GetProperty("detail").GetString()!.ShouldContain("removed");
    }

    [Fact]
    public async Task Removing_an_agent_removes_its_tokens()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, _) = await tenant.CreateAgentAsync("gone");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, 1);
        await server.TicketAsync(agentId, tenant.Id, versionId);
        (await CountTokensAsync(agentId)).ShouldBe(1);

        (await tenant.Admin.DeleteAsync($"/api/v1/agents/{agentId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await CountTokensAsync(agentId)).ShouldBe(0);
    }

    private async Task<int> CountTokensAsync(Guid agentId)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<DocketDbContext>().AgentFileTokens.CountAsync(t => t.AgentId == agentId, Cancellation);
    }

    private async Task<HttpResponseMessage> GetAsync(AgentFileTicket ticket, string? key, long? from = null, string? ifRange = null)
    {
        // Not disposed here: a test may read the body after this returns.
        var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, ticket.Path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        request.Headers.TryAddWithoutValidation(AgentFiles.TokenHeader, ticket.Token);
        if (from is { } start)
        {
            request.Headers.Range = new RangeHeaderValue(start, null);
        }

        if (ifRange is not null)
        {
            request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue(ifRange));
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation);
    }
}
