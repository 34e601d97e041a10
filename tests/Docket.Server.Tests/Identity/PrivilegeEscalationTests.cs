using System.Net;
using System.Net.Http.Json;
using Docket.Server.Features.Roles;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Nobody hands out more than they hold (roles, role rights, API keys for service accounts), and nobody changes the
/// password, roles, state or keys of a user (nor the rights of a role) wider than their own.
/// </summary>
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

    [Fact]
    public async Task A_user_manager_cannot_take_over_a_TenantAdministrator_by_setting_their_password()
    {
        var tenant = await server.CreateTenantAsync();
        using var manager = await server.CreateUserAsync(tenant, ("User", ["View", "Manage"]));
        const string Chosen = "Taken-over-Passw0rd!";

        var reset = await manager.PutAsJsonAsync($"/api/v1/users/{tenant.AdminUserId}/password",
            new { newPassword = Chosen, mustChangePassword = false }, Cancellation);

        (await reset.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("rights you do not hold");
        using var anonymous = server.Anonymous();
        var takeover = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login = "tadmin", password = Chosen, tenant = tenant.Name }, Cancellation);
        await takeover.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await server.LoginAsync("tadmin", DocketServerExtensions.UserPassword, tenant.Name)).ShouldStartWith("dks_");
        (await tenant.Admin.EventsAsync($"codes=UserPasswordChanged&entityId={tenant.AdminUserId}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_manager_cannot_strip_block_edit_or_remove_a_user_wider_than_themselves()
    {
        var tenant = await server.CreateTenantAsync();
        using var manager = await server.CreateUserAsync(tenant, ("User", ["View", "Create", "Edit", "Delete", "Manage"]));
        var target = tenant.AdminUserId;
        var before = await tenant.Admin.GetStringAsync($"/api/v1/users/{target}", Cancellation);
        var eventsBefore = (await tenant.Admin.EventsAsync($"codes=9001,9002,9003,9004,9005,9006&entityId={target}")).Length;

        var stripped = await manager.PutAsJsonAsync($"/api/v1/users/{target}/roles", new { roleIds = Array.Empty<Guid>() }, Cancellation);
        var blocked = await manager.PostAsync($"/api/v1/users/{target}/block", null, Cancellation);
        var unblocked = await manager.PostAsync($"/api/v1/users/{target}/unblock", null, Cancellation);
        var edited = await manager.PutAsJsonAsync($"/api/v1/users/{target}", new { displayName = "Demoted" }, Cancellation);
        var removed = await manager.DeleteAsync($"/api/v1/users/{target}", Cancellation);

        await stripped.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await blocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await unblocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await edited.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await removed.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await tenant.Admin.GetStringAsync($"/api/v1/users/{target}", Cancellation)).ShouldBe(before);
        (await tenant.Admin.EventsAsync($"codes=9001,9002,9003,9004,9005,9006&entityId={target}")).Length.ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task A_user_manager_manages_users_whose_rights_they_hold()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, targetId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        using var narrow = await server.CreateUserAsync(tenant, ("User", ["View", "Manage"]));
        using var manager = await server.CreateUserAsync(tenant, ("User", ["View", "Manage"]), ("Project", ["View"]));

        // Project View is beyond the first manager, within the second.
        await (await narrow.PostAsync($"/api/v1/users/{targetId}/block", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await manager.PostAsync($"/api/v1/users/{targetId}/block", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await manager.PostAsync($"/api/v1/users/{targetId}/unblock", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await manager.PutAsJsonAsync($"/api/v1/users/{targetId}/password", new { newPassword = "Reset-Passw0rd!" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await manager.PutAsJsonAsync($"/api/v1/users/{targetId}/roles", new { roleIds = Array.Empty<Guid>() }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"codes=9003,9004,9005,9006&entityId={targetId}")).Length.ShouldBe(5);
    }

    [Fact]
    public async Task A_key_manager_cannot_revoke_the_key_of_a_user_wider_than_themselves()
    {
        var tenant = await server.CreateTenantAsync();
        var adminKey = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "tenant-admin-key" }, Cancellation);
        var adminKeyBody = await adminKey.ReadJsonAsync();
        var robot = await tenant.Admin.PostAsJsonAsync("/api/v1/users", new { login = "robot-plain", isServiceAccount = true }, Cancellation);
        var robotKey = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys",
            new { name = "robot-key", userId = (await robot.ReadJsonAsync()).GetProperty("id").GetGuid() }, Cancellation);
        using var keyManager = await server.CreateUserAsync(tenant, ("ApiKey", ["View", "Delete"]));

        var refused = await keyManager.DeleteAsync($"/api/v1/api-keys/{adminKeyBody.GetProperty("apiKey").GetProperty("id").GetGuid()}", Cancellation);
        var allowed = await keyManager.DeleteAsync($"/api/v1/api-keys/{(await robotKey.ReadJsonAsync()).GetProperty("apiKey").GetProperty("id").GetGuid()}", Cancellation);

        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        allowed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var withKey = server.WithToken(adminKeyBody.GetProperty("key").GetString()!);
        (await withKey.GetAsync("/api/v1/auth/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_role_manager_cannot_strip_or_remove_a_role_wider_than_themselves()
    {
        var tenant = await server.CreateTenantAsync();
        var role = await tenant.Admin.PostAsJsonAsync("/api/v1/roles",
            new { name = "project-owners", permissions = new[] { new { kind = "Project", rights = new[] { "View", "Create", "Edit", "Delete" } } } }, Cancellation);
        var roleId = (await role.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var manager = await server.CreateUserAsync(tenant, ("Role", ["View", "Manage", "Delete"]), ("Project", ["View"]));
        var before = await tenant.Admin.GetStringAsync($"/api/v1/roles/{roleId}", Cancellation);

        var stripped = await manager.PutAsJsonAsync($"/api/v1/roles/{roleId}/permissions",
            new { permissions = new[] { new { kind = "Project", rights = new[] { "View" } } } }, Cancellation);
        var removed = await manager.DeleteAsync($"/api/v1/roles/{roleId}", Cancellation);

        await stripped.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await removed.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await tenant.Admin.GetStringAsync($"/api/v1/roles/{roleId}", Cancellation)).ShouldBe(before);
    }
}
