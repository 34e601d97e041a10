using System.Security.Cryptography;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Roles;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// On an empty database: the default tenant and its administrator. The first password comes from
/// configuration (automated installs) or is generated and printed once to the console, never to the log.
/// </summary>
public sealed class AdministratorSeeder(
    DocketDbContext db,
    IJournal journal,
    PasswordHasher hasher,
    IOptions<IdentityOptions> options,
    TimeProvider time) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = options.Value.Administrator;
        var now = time.GetUtcNow().UtcDateTime;
        var normalizedTenant = TextRules.Normalize(settings.Tenant);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.NormalizedName == normalizedTenant, cancellationToken);
        if (tenant is null)
        {
            tenant = new Tenant { Id = Guid.CreateVersion7(), Name = settings.Tenant, NormalizedName = normalizedTenant, CreatedAt = now };
            db.Tenants.Add(tenant);
        }

        var generated = string.IsNullOrEmpty(settings.InitialPassword);
        var password = generated ? GeneratePassword() : settings.InitialPassword!;
        var adminId = Guid.CreateVersion7();
        var admin = new User
        {
            Id = adminId,
            TenantId = tenant.Id,
            Login = settings.Login,
            NormalizedLogin = TextRules.Normalize(settings.Login),
            DisplayName = "Administrator",
            PasswordHash = hasher.Hash(password),
            PasswordChangedAt = now,
            MustChangePassword = generated,
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
                return;
            }

            throw;
        }

        if (generated)
        {
            // Straight to the console on purpose: the logging pipeline may be shipped elsewhere, a one-time
            // secret must not be.
            await Console.Out.WriteLineAsync(
                $"""

                 Docket: first start. Administrator created.
                   tenant:   {tenant.Name}
                   login:    {admin.Login}
                   password: {password}
                 This password is shown once and must be changed at first login.

                """);
        }
    }

    private static string GeneratePassword() =>
        // Always satisfies the default policy: lower, upper, digit and a symbol.
        $"{RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz", 6)}-{RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 6)}-{RandomNumberGenerator.GetString("23456789", 4)}";
}
