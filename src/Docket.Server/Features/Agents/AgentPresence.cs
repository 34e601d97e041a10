using Docket.Agent.Protocol.V1;
using Docket.Server.Features.ApiKeys;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Agents;

/// <summary>
/// What an agent's stream writes of its agent: who it is (by its key), that it connected, its heartbeats, that it
/// closed. Each is one statement on the agent's row; the ETag is left alone, as these are not a person's edits.
/// </summary>
public sealed class AgentPresence(DocketDbContext db, ApiKeyCredentials keys, TimeProvider time)
{
    /// <summary>The agent whose key <paramref name="credential"/> is: null for a key that is unknown, revoked, expired or
    /// not an agent's.</summary>
    public async Task<Agent?> AuthenticateAsync(string credential, CancellationToken cancellationToken)
    {
        if (!credential.StartsWith(ApiKey.TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = await keys.FindBySecretHashAsync(Secrets.HashToken(credential), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (key is null || !key.ForAgent || key.RevokedAt is not null || (key.ExpiresAt is { } expires && expires <= now))
        {
            return null;
        }

        await keys.NoteUseAsync(key, now, cancellationToken);
        return await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.ApiKeyId == key.Id, cancellationToken);
    }

    /// <summary>Records the hello of a stream that the server accepted.</summary>
    public Task ConnectedAsync(Guid agentId, Guid connectionId, Hello hello, CancellationToken cancellationToken)
    {
        var host = hello.Host ?? new HostFacts();
        var gpus = host.Gpus.Count == 0 ? null : string.Join('\n', host.Gpus.Select(g => g.Name));
        var now = time.GetUtcNow().UtcDateTime;
        return db.Agents.Where(a => a.Id == agentId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ConnectionId, connectionId)
            .SetProperty(a => a.LastSeenAt, now)
            .SetProperty(a => a.RunningProcesses, hello.Running.Count)
            .SetProperty(a => a.AgentVersion, Clip(hello.AgentVersion, 100))
            .SetProperty(a => a.HostName, Clip(host.HostName, 255))
            .SetProperty(a => a.OperatingSystem, Clip(host.OperatingSystem, 200))
            .SetProperty(a => a.ProcessorCount, (int)Math.Min(host.ProcessorCount, int.MaxValue))
            .SetProperty(a => a.MemoryBytes, (long)Math.Min(host.MemoryBytes, long.MaxValue))
            .SetProperty(a => a.DiskFreeBytes, (long)Math.Min(host.DiskFreeBytes, long.MaxValue))
            .SetProperty(a => a.Gpus, Clip(gpus, 4000)), cancellationToken);
    }

    /// <summary>
    /// Records a heartbeat of the stream that holds the agent. False when the agent was disabled or removed (on any
    /// replica) or another stream took it over: the stream must end.
    /// </summary>
    public async Task<bool> HeartbeatAsync(Guid agentId, Guid connectionId, int runningProcesses, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Agents.Where(a => a.Id == agentId && a.IsEnabled && a.ConnectionId == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSeenAt, now).SetProperty(a => a.RunningProcesses, runningProcesses),
                cancellationToken) == 1;
    }

    /// <summary>Whether the agent is still enabled: asked when a heartbeat is refused, to tell the agent why.</summary>
    public Task<bool> IsEnabledAsync(Guid agentId, CancellationToken cancellationToken) =>
        db.Agents.AnyAsync(a => a.Id == agentId && a.IsEnabled, cancellationToken);

    /// <summary>Records that this stream closed, unless a newer one holds the agent already.</summary>
    public Task ClosedAsync(Guid agentId, Guid connectionId, CancellationToken cancellationToken) =>
        db.Agents.Where(a => a.Id == agentId && a.ConnectionId == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ConnectionId, (Guid?)null).SetProperty(a => a.RunningProcesses, 0), cancellationToken);

    private static string? Clip(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
