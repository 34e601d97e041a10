using Docket.Contracts.Common;
using Docket.Contracts.Users;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Roles;
using Docket.Server.Features.Tenants;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Users;

/// <summary>
/// Users of a tenant (9000-9006): accounts, roles, blocking and passwords set by an administrator; and what sign-in
/// changes on an account (its last login, a lockout, a password changed by its owner), which only this area writes.
/// </summary>
public sealed class UserService(
    DocketDbContext db, IJournal journal, IPasswordPolicy policy, IPasswordHasher hasher, RoleQueries roles, TenantQueries tenants,
    RightsGuard guard, IEnumerable<IUserAccessHandler> accessHandlers, CredentialSignals signals, TimeProvider time)
{
    private const int MaxPage = 500;

    /// <summary>A page of users in creation order, paged as projects are (<see cref="Paging"/>).</summary>
    public async Task<Result<Page<UserResponse>>> ListAsync(
        Caller caller, Guid? tenantId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(limit, MaxPage, errors);
        var after = Paging.IdCursor(cursor, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var query = db.Users.AsNoTracking().Include(u => u.Roles).AsQueryable();
        if (caller.ListScope(tenantId) is { } scope)
        {
            query = query.Where(u => u.TenantId == scope);
        }

        if (after is { } a)
        {
            // Ids are UUIDv7: ordering by id is ordering by creation, and a user removed since still marks the place.
            query = query.Where(u => u.Id.CompareTo(a) > 0);
        }

        var items = await query.OrderBy(u => u.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take.Value - 1].Id.ToString() : null;
        return new Page<UserResponse>([.. items.Take(take.Value).Select(UserResponse.From)], next);
    }

    public async Task<Result<UserResponse>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(caller, id, cancellationToken);
        return user is null ? ApiError.NotFound("The user") : UserResponse.From(user);
    }

    public async Task<Result<UserResponse>> CreateAsync(Caller caller, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var login = TextRules.Name(request.Login, "login", 200, errors);
        var displayName = TextRules.OptionalText(request.DisplayName, "displayName", 200, errors);
        var email = TextRules.OptionalText(request.Email, "email", 320, errors);
        if (request.IsServiceAccount && request.Password is not null)
        {
            errors["password"] = ["service accounts have no password; give them an API key."];
        }
        else if (!request.IsServiceAccount && policy.Check(request.Password) is { Length: > 0 } problems)
        {
            errors["password"] = problems;
        }

        var tenantId = caller.TenantFor(request.TenantId);
        var roleError = await CheckRolesAsync(caller, tenantId, request.RoleIds, cancellationToken);
        if (roleError is not null)
        {
            errors["roleIds"] = [roleError];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return ApiError.Invalid("tenantId", "names no tenant.");
        }

        var normalized = TextRules.Normalize(login!);
        if (await db.Users.AnyAsync(u => u.TenantId == tenantId && u.NormalizedLogin == normalized, cancellationToken))
        {
            return ApiError.Conflict($"A user with login '{login}' already exists.");
        }

        var id = Guid.CreateVersion7(time.GetUtcNow());
        var user = new User
        {
            Id = id,
            TenantId = tenantId,
            Login = login!,
            NormalizedLogin = normalized,
            DisplayName = displayName,
            Email = email,
            IsServiceAccount = request.IsServiceAccount,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Roles = [.. request.RoleIds.Distinct().Select(roleId => new UserRole { UserId = id, RoleId = roleId })],
        };
        if (!request.IsServiceAccount)
        {
            SetPassword(user, request.Password!, request.MustChangePassword);
        }

        db.Users.Add(user);
        var response = UserResponse.From(user);
        journal.Record(EventCode.UserCreated, Describe(user, user.Login, response));
        if (user.Roles.Count > 0)
        {
            journal.Record(EventCode.UserRolesAssigned, Describe(user, await RoleNamesAsync(user, cancellationToken), response));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two requests raced for the same login and the unique index let one through.
            if (await db.Users.AsNoTracking().AnyAsync(u => u.TenantId == tenantId && u.NormalizedLogin == normalized && u.Id != id, cancellationToken))
            {
                return ApiError.Conflict($"A user with login '{login}' already exists.");
            }

            throw;
        }

        return response;
    }

    public async Task<Result<UserResponse>> UpdateAsync(Caller caller, Guid id, UpdateUserRequest request, Func<Guid, bool> ifMatch, CancellationToken cancellationToken)
    {
        var user = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (user is null)
        {
            return ApiError.NotFound("The user");
        }

        if (await guard.CheckCanChangeAsync(caller, user, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!ifMatch(user.ConcurrencyStamp))
        {
            return ApiError.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>();
        var displayName = TextRules.OptionalText(request.DisplayName, "displayName", 200, errors);
        var email = TextRules.OptionalText(request.Email, "email", 320, errors);
        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        user.DisplayName = displayName;
        user.Email = email;
        return await SaveAsync(user, EventCode.UserUpdated, user.Login, cancellationToken);
    }

    public async Task<ApiError?> DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (user is null)
        {
            return ApiError.NotFound("The user");
        }

        if (user.Id == caller.UserId)
        {
            return ApiError.Conflict("You cannot remove yourself.");
        }

        if (await guard.CheckCanChangeAsync(caller, user, cancellationToken) is { } refused)
        {
            return refused;
        }

        db.Users.Remove(user);
        journal.Record(EventCode.UserRemoved, Describe(user, user.Login, UserResponse.From(user)));
        await db.SaveChangesAsync(cancellationToken);
        signals.Announce(user.Id);
        return null;
    }

    public async Task<Result<UserResponse>> AssignRolesAsync(Caller caller, Guid id, AssignRolesRequest request, CancellationToken cancellationToken)
    {
        var user = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (user is null)
        {
            return ApiError.NotFound("The user");
        }

        // Both sets: the roles the user has now (nobody strips a wider user) and the ones they get (nobody grants more).
        if (await guard.CheckCanChangeAsync(caller, user, cancellationToken) is { } refused)
        {
            return refused;
        }

        var error = await CheckRolesAsync(caller, user.TenantId, request.RoleIds, cancellationToken);
        if (error is not null)
        {
            return ApiError.Invalid("roleIds", error);
        }

        if (user.Roles.Any(r => !request.RoleIds.Contains(r.RoleId)))
        {
            await TellAsync((handler, ct) => handler.RolesWithdrawnAsync(user.Id, ct), cancellationToken);
        }

        user.Roles.Clear();
        user.Roles.AddRange(request.RoleIds.Distinct().Select(roleId => new UserRole { UserId = user.Id, RoleId = roleId }));
        return await SaveAsync(user, EventCode.UserRolesAssigned, await RoleNamesAsync(user, cancellationToken), cancellationToken);
    }

    public async Task<Result<UserResponse>> SetBlockedAsync(Caller caller, Guid id, bool blocked, CancellationToken cancellationToken)
    {
        var user = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (user is null)
        {
            return ApiError.NotFound("The user");
        }

        if (user.Id == caller.UserId)
        {
            return ApiError.Conflict("You cannot block or unblock yourself.");
        }

        if (await guard.CheckCanChangeAsync(caller, user, cancellationToken) is { } refused)
        {
            return refused;
        }

        user.IsBlocked = blocked;
        if (blocked)
        {
            await TellAsync((handler, ct) => handler.BlockedAsync(user.Id, ct), cancellationToken);
        }
        else
        {
            // An unblock also ends every address's lockout.
            user.LockedUntil = null;
            await TellAsync((handler, ct) => handler.UnblockedAsync(user.Id, ct), cancellationToken);
        }

        return await SaveAsync(user, blocked ? EventCode.UserDisabled : EventCode.UserEnabled,
            blocked ? "Blocked by an administrator." : "Unblocked by an administrator.", cancellationToken);
    }

    public async Task<Result<UserResponse>> SetPasswordAsync(Caller caller, Guid id, SetPasswordRequest request, CancellationToken cancellationToken)
    {
        var user = await FindAsync(caller, id, cancellationToken, tracked: true);
        if (user is null)
        {
            return ApiError.NotFound("The user");
        }

        if (await guard.CheckCanChangeAsync(caller, user, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (user.IsServiceAccount)
        {
            return ApiError.Invalid("newPassword", "service accounts have no password.");
        }

        if (policy.Check(request.NewPassword) is { Length: > 0 } problems)
        {
            return ApiError.Invalid(new Dictionary<string, string[]> { ["newPassword"] = problems });
        }

        SetPassword(user, request.NewPassword, request.MustChangePassword);
        await TellAsync((handler, ct) => handler.PasswordSetAsync(user.Id, ct), cancellationToken);
        return await SaveAsync(user, EventCode.UserPasswordChanged, "Set by an administrator.", cancellationToken);
    }

    /// <summary>
    /// A password changed by its owner, who proved the current one (sign-in checked it and tracks <paramref name="user"/>).
    /// Saves either way: the sign-in's own changes (an upgraded hash) are kept when the new password is refused.
    /// </summary>
    public async Task<ApiError?> ChangeOwnPasswordAsync(User user, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var problems = policy.Check(newPassword);
        if (problems.Length == 0 && newPassword == currentPassword)
        {
            problems = ["must differ from the current password."];
        }

        if (problems.Length > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return ApiError.Invalid(new Dictionary<string, string[]> { ["newPassword"] = problems });
        }

        SetPassword(user, newPassword, mustChange: false);
        await TellAsync((handler, ct) => handler.PasswordSetAsync(user.Id, ct), cancellationToken);
        journal.Record(EventCode.UserPasswordChanged, SignInSubject(user, "Changed by the user."));
        await db.SaveChangesAsync(cancellationToken);
        signals.Announce(user.Id);
        return null;
    }

    /// <summary>A sign-in succeeded: when, for operators to see. The sign-in saves.</summary>
    public static void NoteSignIn(User user, DateTime at) => user.LastLoginAt = at;

    /// <summary>A right password stored at an older cost is stored again at today's. The sign-in saves.</summary>
    public void UpgradeHash(User user, string password) => user.PasswordHash = hasher.Hash(password);

    /// <summary>
    /// An address reached the limit of failed logins (9006, recorded once per lockout): the end of the lockout is shown
    /// on the account. The sign-in saves.
    /// </summary>
    public void NoteLockout(User user, DateTime until, string text)
    {
        user.LockedUntil = until;
        journal.Record(EventCode.UserDisabled, SignInSubject(user, text));
    }

    /// <summary>
    /// The administrator of an empty database, with the Administrator role, in the tenant the seeder found or added;
    /// saved with that tenant. Null when another replica seeded first.
    /// </summary>
    public async Task<User?> SeedAdministratorAsync(Tenant tenant, string login, string password, bool mustChangePassword, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var adminId = Guid.CreateVersion7();
        var admin = new User
        {
            Id = adminId,
            TenantId = tenant.Id,
            Login = login,
            NormalizedLogin = TextRules.Normalize(login),
            DisplayName = "Administrator",
            PasswordHash = hasher.Hash(password),
            PasswordChangedAt = now,
            MustChangePassword = mustChangePassword,
            CreatedAt = now,
            Roles = [new UserRole { UserId = adminId, RoleId = Role.AdministratorId }],
        };
        db.Users.Add(admin);
        var subject = new JournalEvent
        {
            TenantId = tenant.Id, EntityKind = nameof(User), EntityId = admin.Id.ToString(), UserLogin = "system",
            Text = "Seeded administrator.", Data = new { admin.Login, Tenant = tenant.Name },
        };
        journal.Record(EventCode.UserCreated, subject);
        journal.Record(EventCode.UserRolesAssigned, subject with { Text = Role.AdministratorName, Data = null });

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                // Another replica seeded first.
                return null;
            }

            throw;
        }

        return admin;
    }

    /// <summary>An event of a user's own doing (signing in, changing their password): they are its actor as well as its subject.</summary>
    public static JournalEvent SignInSubject(User user, string? text) => new()
    {
        TenantId = user.TenantId,
        UserId = user.Id,
        UserLogin = user.Login,
        EntityKind = nameof(User),
        EntityId = user.Id.ToString(),
        Text = text,
    };

    /// <summary>Sets a new password hash. The caller tells the access handlers, records 9004 and saves.</summary>
    private void SetPassword(User user, string password, bool mustChange)
    {
        user.PasswordHash = hasher.Hash(password);
        user.PasswordChangedAt = time.GetUtcNow().UtcDateTime;
        user.MustChangePassword = mustChange;
        user.LockedUntil = null;
    }

    /// <summary>Tells the areas that react to a change of access, one after the other, before the change is saved.</summary>
    private async Task TellAsync(Func<IUserAccessHandler, CancellationToken, Task> tell, CancellationToken cancellationToken)
    {
        foreach (var handler in accessHandlers)
        {
            await tell(handler, cancellationToken);
        }
    }

    /// <summary>Roles must be built-in or the user's tenant's own; only the Administrator hands out Administrator.</summary>
    private async Task<string?> CheckRolesAsync(Caller caller, Guid tenantId, IReadOnlyList<Guid> roleIds, CancellationToken cancellationToken)
    {
        var distinct = roleIds.Distinct().ToList();
        var found = await roles.HoldableInAsync(tenantId, distinct, cancellationToken);
        if (found.Count != distinct.Count)
        {
            return "names a role that does not exist in the user's tenant.";
        }

        if (distinct.Contains(Role.AdministratorId) && !caller.IsAdministrator)
        {
            return "only an Administrator may give the Administrator role.";
        }

        return caller.Covers(await roles.EffectiveRightsAsync(distinct, cancellationToken))
            ? null
            : "grants rights you do not hold yourself.";
    }

    private async Task<string> RoleNamesAsync(User user, CancellationToken cancellationToken)
    {
        var ids = user.Roles.Select(r => r.RoleId).ToList();
        var names = await roles.NamesAsync(ids, cancellationToken);
        return names.Count == 0 ? "(no roles)" : string.Join(", ", names.Order(StringComparer.Ordinal));
    }

    private async Task<Result<UserResponse>> SaveAsync(User user, EventCode code, string text, CancellationToken cancellationToken)
    {
        user.ConcurrencyStamp = Guid.NewGuid();
        var response = UserResponse.From(user);
        journal.Record(code, Describe(user, text, response));
        await db.SaveChangesAsync(cancellationToken);

        // The user's open streams on this replica check at once whether they may go on.
        signals.Announce(user.Id);
        return response;
    }

    private async Task<User?> FindAsync(Caller caller, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Users : db.Users.AsNoTracking();
        var user = await query.Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is not null && caller.CanAccess(user.TenantId) ? user : null;
    }

    private static JournalEvent Describe(User user, string text, UserResponse data) => new()
    {
        TenantId = user.TenantId,
        EntityKind = nameof(User),
        EntityId = user.Id.ToString(),
        Text = text,
        Data = data,
    };
}
