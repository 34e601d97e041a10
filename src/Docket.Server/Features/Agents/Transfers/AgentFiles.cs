using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents.Transfers;

/// <summary>
/// Files for agents: large files (datasets, models, templates, scripts) travel over HTTP, not through the stream. An
/// area that builds a command for an agent asks <see cref="IssueAsync"/> for a ticket to one blob; the agent downloads
/// it with its own key and the ticket's token (<see cref="AgentFileEndpoints"/>), resuming with ranges, and checks
/// the SHA-256. A token is for one agent and one file, of the agent's tenant, and expires after
/// <c>Agents:TransferTokenLifetime</c>.
/// </summary>
public sealed class AgentFiles(
    DocketDbContext db, AgentPresence presence, IBlobStore blobs, IEnumerable<IBlobReferences> references,
    IOptions<AgentOptions> options, TimeProvider time)
{
    /// <summary>The request header that carries the token (the agent's key goes in Authorization).</summary>
    public const string TokenHeader = "Docket-File-Token";

    private const string TokenPrefix = "dkf_";

    /// <summary>
    /// Issues a token for <paramref name="agentId"/> to download <paramref name="file"/>, and saves it. The agent must
    /// belong to <paramref name="tenantId"/> (the tenant whose data the file is), so no agent receives another
    /// tenant's data; the blob must exist with that size. Expired tokens of every agent are removed on the way.
    /// </summary>
    public async Task<Result<AgentFileTicket>> IssueAsync(Guid agentId, Guid tenantId, AgentFile file, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().Where(a => a.Id == agentId).Select(a => new { a.TenantId }).FirstOrDefaultAsync(cancellationToken);
        if (agent is null)
        {
            return ApiError.NotFound("The agent");
        }

        if (agent.TenantId != tenantId)
        {
            return ApiError.Forbidden("The agent belongs to another tenant: it may not receive this tenant's files.");
        }

        var ticket = await StageAsync(agentId, tenantId, file, cancellationToken);
        if (ticket.Error is null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return ticket;
    }

    /// <summary>
    /// As <see cref="IssueAsync"/>, for a caller that has checked the agent's tenant itself: the token is staged on
    /// the context and saved by the caller's own SaveChanges, with the command that carries it.
    /// </summary>
    public async Task<Result<AgentFileTicket>> StageAsync(Guid agentId, Guid tenantId, AgentFile file, CancellationToken cancellationToken)
    {
        if (!BlobKeys.IsValid(file.BlobKey) || file.Size < 0)
        {
            return ApiError.Invalid("file", "A file is a blob key (its SHA-256, lowercase hex) and a size of zero or more.");
        }

        await using (var content = blobs.OpenRead(file.BlobKey))
        {
            if (content is null)
            {
                return ApiError.NotFound("The file");
            }

            if (content.Length != file.Size)
            {
                return ApiError.Conflict($"The file holds {content.Length} bytes, not the {file.Size} the ticket would promise.");
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        await db.AgentFileTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var secret = Secrets.NewToken(TokenPrefix);
        var token = new AgentFileToken
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            AgentId = agentId,
            SecretHash = Secrets.HashToken(secret),
            BlobKey = file.BlobKey,
            Size = file.Size,
            DownloadName = DownloadNames.Of(file.DownloadName, "file"),
            IssuedAt = now,
            ExpiresAt = now + options.Value.TransferTokenLifetime,
        };
        db.AgentFileTokens.Add(token);
        return new AgentFileTicket(AgentFileEndpoints.PathOf(token.Id), secret, token.BlobKey, token.Size, token.DownloadName, token.ExpiresAt);
    }

    /// <summary>
    /// The file of token <paramref name="id"/> for the agent whose key is <paramref name="credential"/>: 401 without
    /// an agent's key, 404 for an unknown token or a secret that is not its own, 403 for another agent's token, an
    /// expired one or a disabled agent, 410 once the file was removed (its blob, or the row that kept it, is gone).
    /// </summary>
    public async Task<Result<AgentFileDownload>> OpenAsync(string? credential, Guid id, string? secret, CancellationToken cancellationToken)
    {
        var agent = string.IsNullOrEmpty(credential) ? null : await presence.AuthenticateAsync(credential, cancellationToken);
        var token = agent is null ? null : await db.AgentFileTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (AgentTokenChecks.Refused(agent, token, t => (t.SecretHash, t.AgentId, t.TenantId), secret, "file token", out var refusal))
        {
            return refusal;
        }

        if (token.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return ApiError.Forbidden($"The file token expired at {token.ExpiresAt:O}; the command must be sent again with a new one.");
        }

        var content = await StillReferencedAsync(token.BlobKey, cancellationToken) ? blobs.OpenRead(token.BlobKey) : null;
        if (content is null)
        {
            return new ApiError(StatusCodes.Status410Gone, "Gone",
                "The file was removed (or what it belonged to was) after the token was issued; the download cannot continue.");
        }

        return new AgentFileDownload(content, token.BlobKey, token.Size, token.DownloadName, token.IssuedAt);
    }

    /// <summary>A blob that no area refers to any more belongs to something removed, though the collector has not deleted it yet.</summary>
    private async Task<bool> StillReferencedAsync(string key, CancellationToken cancellationToken)
    {
        foreach (var holder in references)
        {
            if ((await holder.FindReferencedAsync(db, [key], cancellationToken)).Count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
