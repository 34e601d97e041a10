using System.Security.Cryptography;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Storage;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// On an empty database: the default tenant and its administrator, each written by its own area (the tenant and users
/// services), saved together. The first password comes from configuration (automated installs) or is generated and
/// printed once to the console, never to the log.
/// </summary>
public sealed class AdministratorSeeder(
    UserQueries userQueries,
    UserService users,
    TenantService tenants,
    IOptions<IdentityOptions> options) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await userQueries.AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = options.Value.Administrator;
        var tenant = await tenants.FindOrAddAsync(settings.Tenant, cancellationToken);
        var generated = string.IsNullOrEmpty(settings.InitialPassword);
        var password = generated ? GeneratePassword() : settings.InitialPassword!;
        var admin = await users.SeedAdministratorAsync(tenant, settings.Login, password, mustChangePassword: generated, cancellationToken);
        if (admin is null)
        {
            // Another replica seeded first.
            return;
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
