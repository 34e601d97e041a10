using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Docket.Server.Common;
using Docket.Server.Features.Identity;
using Docket.Server.Security;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Sign-in reads users, tenants, roles and API keys through the queries those areas export; that must not cost the hot
/// paths a statement. Every authenticated request turns its credential into a principal: the credential, the user with
/// their roles, the tenant and the roles' rights, one statement each. The per-login rate limit asks whether the caller's
/// address is a known one before any password check: one statement.
/// </summary>
public sealed class CredentialLookupCostTests(StatementCountServer server) : IClassFixture<StatementCountServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_token_becomes_a_principal_in_four_statements()
    {
        var tenant = await server.CreateTenantAsync();
        using var user = await server.CreateUserAsync(tenant, ("Project", ["View"]));

        var (principal, statements) = await CountAsync(store => store.FromCredentialAsync(user.DefaultRequestHeaders.Authorization!.Parameter!, Cancellation));

        principal.ShouldNotBeNull().GetRights(ObjectKind.Project).ShouldBe(Rights.View);
        statements.Count.ShouldBe(4, string.Join(Environment.NewLine + Environment.NewLine, statements));
    }

    [Fact]
    public async Task An_api_key_becomes_a_principal_in_four_statements_and_one_more_to_note_its_use_once_a_minute()
    {
        var tenant = await server.CreateTenantAsync();
        using var user = await server.CreateUserAsync(tenant, ("Project", ["View"]), ("ApiKey", ["Create"]));
        var created = await user.PostAsJsonAsync("/api/v1/api-keys", new { name = "robot" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = (await created.ReadJsonAsync()).GetProperty("key").GetString()!;

        var (first, firstStatements) = await CountAsync(store => store.FromCredentialAsync(key, Cancellation));
        var (again, againStatements) = await CountAsync(store => store.FromCredentialAsync(key, Cancellation));

        first.ShouldNotBeNull().GetRights(ObjectKind.Project).ShouldBe(Rights.View);
        again.ShouldNotBeNull();
        firstStatements.Count.ShouldBe(5, string.Join(Environment.NewLine + Environment.NewLine, firstStatements));
        againStatements.Count.ShouldBe(4, string.Join(Environment.NewLine + Environment.NewLine, againStatements));
    }

    [Fact]
    public async Task Whether_an_address_is_known_for_a_login_is_one_statement()
    {
        var tenant = await server.CreateTenantAsync();
        // The tenant's administrator signed in from this address when the tenant was made.
        await using var scope = server.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OperationContext>().ClientIp = "127.0.0.1";
        var auth = scope.ServiceProvider.GetRequiredService<AuthService>();
        var (normalizedTenant, normalizedLogin) = auth.Normalize(tenant.Name, "tadmin");
        var statements = new List<string>();

        bool known;
        using (server.Statements.Watch(statements))
        {
            known = await auth.IsKnownAddressAsync(normalizedTenant, normalizedLogin, Cancellation);
        }

        var stranger = await auth.IsKnownAddressAsync(normalizedTenant, auth.Normalize(tenant.Name, "nobody").Login, Cancellation);
        known.ShouldBeTrue();
        stranger.ShouldBeFalse();
        statements.Count.ShouldBe(1, string.Join(Environment.NewLine + Environment.NewLine, statements));
    }

    private async Task<(ClaimsPrincipal? Principal, List<string> Statements)> CountAsync(
        Func<ICredentialStore, Task<ClaimsPrincipal?>> lookup)
    {
        // A scope of its own, as each request has: nothing is already tracked.
        await using var scope = server.App.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ICredentialStore>();
        var statements = new List<string>();
        using (server.Statements.Watch(statements))
        {
            return (await lookup(store), statements);
        }
    }
}
