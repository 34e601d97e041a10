using System.Net;
using System.Net.Http.Json;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.DataSets;
using Docket.Server.Storage;
using Docket.Server.Tests.DataSets;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// What the file transfer tests start from: an agent with its key, and a dataset version whose archive was built, as
/// a command for a training run will send it (DataSetQueries, then AgentFiles, through the server's own services).
/// </summary>
public static class AgentFileSetup
{
    public static async Task<(Guid Id, string Key)> CreateAgentAsync(this TestTenant tenant, string name)
    {
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/agents", new { name });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("agent").GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    /// <summary>A dataset of <paramref name="images"/> marked images whose version 1 has a Ready archive.</summary>
    public static async Task<(Guid DataSetId, Guid VersionId)> ArchivedDataSetAsync(this DocketServer server, TestTenant tenant, int images)
    {
        var project = await server.MarkedProjectAsync(tenant, images);
        var created = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = "transfer-" + Guid.NewGuid().ToString("N")[..8], schemeId = project.SchemeId, trainRatio = 0.5, seed = 7 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var dataSetId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null);
        var ready = await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready", "Failed", "TimedOut");
        ready.GetProperty("state").GetString().ShouldBe("Ready", ready.GetRawText());

        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var versionId = await db.DataSetVersions.Where(v => v.DataSetId == dataSetId && v.Number == 1).Select(v => v.Id).SingleAsync();
        return (dataSetId, versionId);
    }

    /// <summary>The version's built archive as the DataSets area exports it.</summary>
    public static async Task<DataSetArchiveFile?> BuiltArchiveAsync(this DocketServer server, Guid tenantId, Guid versionId)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<DataSetQueries>().BuiltArchiveAsync(tenantId, versionId, CancellationToken.None);
    }

    /// <summary>A ticket for <paramref name="agentId"/> to download the version's archive, issued as a command builder will.</summary>
    public static async Task<AgentFileTicket> TicketAsync(this DocketServer server, Guid agentId, Guid tenantId, Guid versionId)
    {
        var archive = (await server.BuiltArchiveAsync(tenantId, versionId)).ShouldNotBeNull();
        var ticket = await server.IssueAsync(agentId, tenantId, new AgentFile(archive.BlobKey, archive.Size, archive.DownloadName));
        ticket.Error.ShouldBeNull();
        return ticket.Value!;
    }

    public static async Task<Docket.Server.Common.Result<AgentFileTicket>> IssueAsync(this DocketServer server, Guid agentId, Guid tenantId, AgentFile file)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<AgentFiles>().IssueAsync(agentId, tenantId, file, CancellationToken.None);
    }
}
