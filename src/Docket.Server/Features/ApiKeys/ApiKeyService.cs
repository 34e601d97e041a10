using Docket.Contracts.ApiKeys;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Roles;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ApiKeys;

/// <summary>
/// API keys for robots and agents. The catalog has no key events, so creation and revocation are journalled as
/// 9001 UserUpdated on the account the key acts as: the audit trail still shows who minted which key.
/// </summary>
public sealed class ApiKeyService(
    DocketDbContext db, IJournal journal, UserQueries users, RoleQueries roles, RightsGuard guard, CredentialSignals signals, TimeProvider time)
{
    public async Task<IReadOnlyList<ApiKeyResponse>> ListAsync(Caller caller, Guid? tenantId, CancellationToken cancellationToken)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(k => k.TenantId == scope);
        }

        return [.. (await query.OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken)).Select(ApiKeyResponse.From)];
    }

    public async Task<Result<CreatedApiKeyResponse>> CreateAsync(Caller caller, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var now = time.GetUtcNow().UtcDateTime;
        if (request.ExpiresAt is { } expires && expires.ToUniversalTime() <= now)
        {
            errors["expiresAt"] = ["must be in the future."];
        }

        var userId = request.UserId ?? caller.UserId;
        var owner = await users.FindAsync(userId, cancellationToken);
        if (owner is null || !caller.CanAccess(owner.TenantId))
        {
            errors["userId"] = ["names no user of your tenant."];
        }
        else if (owner.Id != caller.UserId && !caller.IsAdministrator
            && (!owner.IsServiceAccount || owner.Roles.Any(r => r.RoleId == Role.AdministratorId)))
        {
            // Otherwise a key would let its maker act as someone else.
            errors["userId"] = ["keys are made for yourself or for a service account."];
        }

        else if (owner.Id != caller.UserId && !caller.Covers(await roles.EffectiveRightsAsync([.. owner.Roles.Select(r => r.RoleId)], cancellationToken)))
        {
            errors["userId"] = ["the account holds rights you do not hold yourself."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var secret = Secrets.NewToken(ApiKey.TokenPrefix);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = owner!.TenantId,
            UserId = owner.Id,
            Name = name!,
            Prefix = secret[..12],
            SecretHash = Secrets.HashToken(secret),
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        };
        db.ApiKeys.Add(key);
        var response = ApiKeyResponse.From(key);
        journal.Record(EventCode.UserUpdated, Describe(owner, $"API key '{key.Name}' ({key.Prefix}…) created.", response));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyResponse(response, secret);
    }

    public async Task<ApiError?> RevokeAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || !caller.CanAccess(key.TenantId))
        {
            return ApiError.NotFound("The API key");
        }

        // The key goes with its user (a cascade of this area's own foreign key), so its user is there.
        var owner = await users.FindAsync(key.UserId, cancellationToken) ?? throw new InvalidOperationException($"API key {key.Id} has no user.");
        if (owner.Id != caller.UserId && await guard.CheckCanChangeAsync(caller, owner, cancellationToken) is { } refused)
        {
            // Revoking cuts off whatever the key runs: nobody does that to an account wider than their own.
            return refused;
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
            journal.Record(EventCode.UserUpdated, Describe(owner, $"API key '{key.Name}' ({key.Prefix}…) revoked.", ApiKeyResponse.From(key)));
            await db.SaveChangesAsync(cancellationToken);
            signals.Announce(owner.Id);
        }

        return null;
    }

    /// <summary>
    /// Adds an agent's key (see <see cref="ApiKey.ForAgent"/>) acting as <paramref name="userId"/>, unsaved: the agents
    /// area saves it with the agent and records the agent's own event for both. Returns the key and its secret, which
    /// is shown once.
    /// </summary>
    public (ApiKey Key, string Secret) AddForAgent(Guid tenantId, Guid userId, string agentName)
    {
        var secret = Secrets.NewToken(ApiKey.TokenPrefix);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = tenantId,
            UserId = userId,
            Name = $"agent {agentName}",
            Prefix = secret[..12],
            SecretHash = Secrets.HashToken(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ForAgent = true,
        };
        db.ApiKeys.Add(key);
        return (key, secret);
    }

    /// <summary>Revokes an agent's key, unsaved: the agents area saves it with the agent's removal.</summary>
    public async Task RevokeForAgentAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ForAgent, cancellationToken);
        if (key is { RevokedAt: null })
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
        }
    }

    private static JournalEvent Describe(User owner, string text, ApiKeyResponse data) => new()
    {
        TenantId = owner.TenantId,
        EntityKind = nameof(User),
        EntityId = owner.Id.ToString(),
        Text = text,
        Data = data,
    };
}
