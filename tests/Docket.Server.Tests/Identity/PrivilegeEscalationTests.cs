using System.Net;
using System.Net.Http.Json;
using Docket.Server.Features.Roles;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>Nobody hands out more than they hold: not through roles, role rights, nor API keys for service accounts.</summary>
public sealed class PrivilegeEscalationTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_maker_cannot_mint_a_key_for_a_more_powerful_service_account()
    {
        var tenant = await server.CreateTenantAsync();
        var powerful = await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "robot-admin", isServiceAccount = true, roleIds = new[] { Role.TenantAdministratorId } }, Cancellation);
        var powerfulId = (await powerful.ReadJsonAsync()).GetProperty("id").GetGuid();
        var modest = await tenant.Admin.PostAsJsonAsync("/api/v1/users", new { login = "robot-reader", isServiceAccount = true }, Cancellation);
        var modestId = (await modest.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var keyMaker = await server.CreateUserAsync(tenant, ("ApiKey", ["View", "Create"]));

        var refused = await keyMaker.PostAsJsonAsync("/api/v1/api-keys", new { name = "escalate", userId = powerfulId }, Cancellation);
        var allowed = await keyMaker.PostAsJsonAsync("/api/v1/api-keys", new { name = "robot", userId = modestId }, Cancellation);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("userId").ToString().ShouldContain("rights you do not hold");
        allowed.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_user_manager_cannot_give_anyone_rights_beyond_their_own()
    {
        var tenant = await server.CreateTenantAsync();
        var (manager, managerId) = await server.CreateUserWithIdAsync(tenant, ("User", ["View", "Manage"]));

        var self = await manager.PutAsJsonAsync($"/api/v1/users/{managerId}/roles", new { roleIds = new[] { Role.TenantAdministratorId } }, Cancellation);

        (await self.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("roleIds").ToString().ShouldContain("rights you do not hold");
        (await manager.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_role_manager_grants_only_rights_they_hold()
    {
        var tenant = await server.CreateTenantAsync();
        var role = await tenant.Admin.PostAsJsonAsync("/api/v1/roles", new { name = "editors" }, Cancellation);
        var roleId = (await role.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var manager = await server.CreateUserAsync(tenant, ("Role", ["View", "Manage"]), ("Project", ["View"]));

        var beyond = await manager.PutAsJsonAsync($"/api/v1/roles/{roleId}/permissions",
            new { permissions = new[] { new { kind = "Project", rights = new[] { "View", "Delete" } } } }, Cancellation);
        var within = await manager.PutAsJsonAsync($"/api/v1/roles/{roleId}/permissions",
            new { permissions = new[] { new { kind = "Project", rights = new[] { "View" } } } }, Cancellation);

        await beyond.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        within.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"codes=RoleAssignPermissions&entityId={roleId}")).Length.ShouldBe(1);
    }
}
