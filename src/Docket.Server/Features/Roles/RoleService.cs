using Docket.Contracts.Roles;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Roles;

/// <summary>Roles of a tenant (8000-8004). Built-in roles are shared by all tenants and cannot be changed.</summary>
public sealed class RoleService(DocketDbContext db, IJournal journal, IRoleHolders holders, CredentialSignals signals, TimeProvider time)
{
    public async Task<IReadOnlyList<RoleResponse>> ListAsync(Caller caller, Guid? tenantId, CancellationToken cancellationToken)
    {
        var query = db.Roles.AsNoTracking().Include(r => r.Permissions).AsQueryable();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(r => r.TenantId == null || r.TenantId == scope);
        }

        return [.. (await query.OrderBy(r => r.NormalizedName).ToListAsync(cancellationToken)).Select(RoleResponse.From)];
    }

    public async Task<Result<RoleResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var role = await FindAsync(caller, id, cancellationToken);
        return role is null ? ApiError.NotFound("The role") : RoleResponse.From(role);
    }

    public async Task<Result<RoleResponse>> CreateAsync(Caller caller, RoleRequest request, Guid? tenantId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 2000, errors);
        var permissions = ParsePermissions(request.Permissions ?? [], errors);
        if (permissions is not null && !caller.Covers(permissions))
        {
            errors["permissions"] = ["grant rights you do not hold yourself."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var tenant = caller.TenantFor(tenantId);
        var normalized = TextRules.Normalize(name!);
        if (await db.Roles.AnyAsync(r => (r.TenantId == tenant || r.TenantId == null) && r.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A role named '{name}' already exists.");
        }

        var id = Guid.CreateVersion7(time.GetUtcNow());
        var role = new Role
        {
            Id = id,
            TenantId = tenant,
            Name = name!,
            NormalizedName = normalized,
            Description = description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Permissions = [.. permissions!.Select(p => new RolePermission { RoleId = id, Kind = p.Key, Rights = p.Value })],
        };
        db.Roles.Add(role);
        var response = RoleResponse.From(role);
        journal.Record(EventCode.RoleCreated, Describe(role, role.Name, response));
        if (role.Permissions.Count > 0)
        {
            journal.Record(EventCode.RoleAssignPermissions, Describe(role, Summary(role), response));
        }

        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    public async Task<Result<RoleResponse>> UpdateAsync(Caller caller, Guid id, RoleRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var role = await FindEditableAsync(caller, id, ifMatch, cancellationToken);
        if (role.Error is not null)
        {
            return role.Error;
        }

        var errors = new Dictionary<string, string[]>();
        var name = TextRules.Name(request.Name, "name", 200, errors);
        var description = TextRules.OptionalText(request.Description, "description", 2000, errors);
        if (request.Permissions is not null)
        {
            errors["permissions"] = ["are set with PUT /api/v1/roles/{id}/permissions."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var entity = role.Value!;
        var normalized = TextRules.Normalize(name!);
        if (normalized != entity.NormalizedName
            && await db.Roles.AnyAsync(r => (r.TenantId == entity.TenantId || r.TenantId == null) && r.NormalizedName == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A role named '{name}' already exists.");
        }

        entity.Name = name!;
        entity.NormalizedName = normalized;
        entity.Description = description;
        return await SaveAsync(entity, EventCode.RoleUpdated, entity.Name, cancellationToken);
    }

    public async Task<Result<RoleResponse>> SetPermissionsAsync(
        Caller caller, Guid id, SetPermissionsRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var role = await FindEditableAsync(caller, id, ifMatch, cancellationToken);
        if (role.Error is not null)
        {
            return role.Error;
        }

        if (CheckCanChange(caller, role.Value!) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        var permissions = ParsePermissions(request.Permissions, errors);
        if (permissions is not null && !caller.Covers(permissions))
        {
            errors["permissions"] = ["grant rights you do not hold yourself."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var entity = role.Value!;
        var holding = await holders.HoldersOfAsync(entity.Id, cancellationToken);
        entity.Permissions.Clear();
        entity.Permissions.AddRange(permissions!.Select(p => new RolePermission { RoleId = entity.Id, Kind = p.Key, Rights = p.Value }));
        var saved = await SaveAsync(entity, EventCode.RoleAssignPermissions, Summary(entity), cancellationToken);
        signals.Announce(holding);
        return saved;
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var role = await FindEditableAsync(caller, id, _ => true, cancellationToken);
        if (role.Error is not null)
        {
            return role.Error;
        }

        if (CheckCanChange(caller, role.Value!) is { } refused)
        {
            return refused;
        }

        // Asked before the removal, which takes the grants with it: their holders' open streams check again once it is saved.
        var holding = await holders.HoldersOfAsync(role.Value!.Id, cancellationToken);
        db.Roles.Remove(role.Value!);
        journal.Record(EventCode.RoleRemoved, Describe(role.Value!, role.Value!.Name, RoleResponse.From(role.Value!)));
        await db.SaveChangesAsync(cancellationToken);
        signals.Announce(holding);
        return null;
    }

    /// <summary>
    /// A role's rights are its holders' rights: nobody takes from a role (by setting its rights or removing it) rights
    /// they do not hold themselves, as nobody strips a user wider than themselves.
    /// </summary>
    private static ApiError? CheckCanChange(Caller caller, Role role) =>
        caller.Covers(role.Permissions.ToDictionary(p => p.Kind, p => p.Rights))
            ? null
            : ApiError.Forbidden("The role grants rights you do not hold yourself, so you may not change its rights or remove it.");

    private async Task<Result<RoleResponse>> SaveAsync(Role role, EventCode code, string text, CancellationToken cancellationToken)
    {
        role.ConcurrencyStamp = Guid.NewGuid();
        var response = RoleResponse.From(role);
        journal.Record(code, Describe(role, text, response));
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }

    private static Dictionary<ObjectKind, Rights>? ParsePermissions(IReadOnlyList<PermissionDto> permissions, Dictionary<string, string[]> errors)
    {
        var parsed = new Dictionary<ObjectKind, Rights>();
        foreach (var permission in permissions)
        {
            if (!Enum.TryParse<ObjectKind>(permission.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(permission.Kind, out _))
            {
                errors["permissions"] = [$"'{permission.Kind}' is not a kind of object. Kinds: {string.Join(", ", Enum.GetNames<ObjectKind>())}."];
                return null;
            }

            if (kind == ObjectKind.Tenant)
            {
                errors["permissions"] = ["rights on tenants belong to the built-in roles only."];
                return null;
            }

            if (!RightNames.TryParse(permission.Rights, out var rights))
            {
                errors["permissions"] = ["rights are View, Create, Edit, Delete and Manage."];
                return null;
            }

            parsed[kind] = parsed.GetValueOrDefault(kind) | rights;
        }

        return parsed;
    }

    private async Task<Result<Role>> FindEditableAsync(Caller caller, Guid id, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var role = await db.Roles.Include(r => r.Permissions).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null || (role.TenantId is not null && !caller.CanAccess(role.TenantId)))
        {
            return ApiError.NotFound("The role");
        }

        if (role.IsBuiltIn)
        {
            return ApiError.Conflict("Built-in roles cannot be changed or removed.");
        }

        return ifMatch(role.ConcurrencyStamp) ? role : ApiError.PreconditionFailed();
    }

    private async Task<Role?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return role is not null && (role.TenantId is null || caller.CanAccess(role.TenantId)) ? role : null;
    }

    private static string Summary(Role role) =>
        role.Permissions.Count == 0
            ? $"{role.Name}: no rights"
            : $"{role.Name}: " + string.Join("; ", role.Permissions.OrderBy(p => p.Kind).Select(p => $"{p.Kind} {string.Join("/", RightNames.ToNames(p.Rights))}"));

    private static JournalEvent Describe(Role role, string text, RoleResponse data) => new()
    {
        TenantId = role.TenantId,
        EntityKind = nameof(Role),
        EntityId = role.Id.ToString(),
        Text = text,
        Data = data,
    };
}
