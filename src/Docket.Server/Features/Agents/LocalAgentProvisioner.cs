using System.Text.Json;
using Docket.Server.Common;
using Docket.Server.Features.Identity;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents;

/// <summary>
/// With <c>Agents:Local</c> on, on every start: the agent of this host in the default tenant, created the first time,
/// with a fresh key each start, written with its id to <c>&lt;data&gt;/local-agent.json</c> (0600) for the agent that
/// scripts/run.sh starts beside the server. The key is this agent's only; the old one is revoked. The server still
/// never dials the agent: the agent reads the file and dials the server.
/// </summary>
public sealed partial class LocalAgentProvisioner(
    AgentService agents,
    TenantQueries tenants,
    UserQueries users,
    IOptions<AgentOptions> options,
    IOptions<IdentityOptions> identity,
    IOptions<DocketOptions> docket,
    ILogger<LocalAgentProvisioner> logger) : IDatabaseSeeder
{
    public const string FileName = "local-agent.json";

    /// <summary>The local agent's name: this host's, so that several machines' servers sharing a database do not meet.</summary>
    public static string LocalName => $"local-{Environment.MachineName}";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Local)
        {
            return;
        }

        var administrator = identity.Value.Administrator;
        var tenantName = TextRules.Normalize(administrator.Tenant);
        var tenant = await tenants.FindByNameAsync(tenantName, cancellationToken);
        var userId = await users.IdsWithLogin(tenantName, TextRules.Normalize(administrator.Login)).Cast<Guid?>().FirstOrDefaultAsync(cancellationToken);
        if (tenant is null || userId is null)
        {
            LogNoAdministrator(logger, administrator.Tenant, administrator.Login);
            return;
        }

        var (id, key) = await agents.ProvisionLocalAsync(tenant.Id, userId.Value, LocalName, cancellationToken);
        var path = Path.Combine(docket.Value.DataDirectory, FileName);
        await WriteAsync(path, new LocalAgentFile(id, key), cancellationToken);
        LogProvisioned(logger, LocalName, id, path);
    }

    /// <summary>Written beside, then moved over the old file, so the agent never reads half a file; 0600 from creation.</summary>
    private static async Task WriteAsync(string path, LocalAgentFile content, CancellationToken cancellationToken)
    {
        var next = path + ".next";
        File.Delete(next);
        await using (var file = new FileStream(next, PrivateFiles.NewFile(FileAccess.Write, FileShare.None, FileOptions.None)))
        {
            await JsonSerializer.SerializeAsync(file, content, LocalAgentFile.Json, cancellationToken);
        }

        File.Move(next, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agents:Local is on, but the administrator {Login} of tenant {Tenant} is gone: no local agent")]
    private static partial void LogNoAdministrator(ILogger logger, string tenant, string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local agent {Name} ({Id}): its id and a fresh key are in {Path}")]
    private static partial void LogProvisioned(ILogger logger, string name, Guid id, string path);
}
