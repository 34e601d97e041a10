using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Docket.Server.Features.Roles;
using Docket.Server.Security;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Users, roles and API keys through the API: what each change records, how roles combine, what a
/// TenantAdministrator may not do, and that no answer ever carries a password hash or a key after its creation.
/// </summary>
public sealed class UserAndRoleTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string NewPassword = "Reset-Passw0rd!";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_users_lifecycle_records_UserCreated_to_UserRemoved_on_the_user()
    {
        var tenant = await server.CreateTenantAsync();
        var roleId = await CreateRoleAsync(tenant, "Viewers", ("Project", ["View"]));

        var id = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "clerk", password = DocketServerExtensions.UserPassword, roleIds = new[] { roleId } }, Cancellation));
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{id}", new { displayName = "Clerk", email = "clerk@example.com" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{id}/roles", new { roleIds = Array.Empty<Guid>() }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{id}/password", new { newPassword = NewPassword }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsync($"/api/v1/users/{id}/block", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.PostAsync($"/api/v1/users/{id}/unblock", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.DeleteAsync($"/api/v1/users/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var events = await EntityEventsAsync(tenant, id, "9000,9001,9002,9003,9004,9005,9006");
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([9000, 9003, 9001, 9003, 9004, 9006, 9005, 9002]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("User");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(tenant.AdminUserId);
            e.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(id);
        }

        events[1].GetProperty("text").GetString().ShouldBe("Viewers");
        events[2].GetProperty("data").GetProperty("email").GetString().ShouldBe("clerk@example.com");
        events[5].GetProperty("data").GetProperty("isBlocked").GetBoolean().ShouldBeTrue();
        events[6].GetProperty("data").GetProperty("isBlocked").GetBoolean().ShouldBeFalse();
        await (await tenant.Admin.GetAsync($"/api/v1/users/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_roles_lifecycle_records_RoleCreated_to_RoleRemoved_on_the_role()
    {
        var tenant = await server.CreateTenantAsync();

        var id = await CreateRoleAsync(tenant, "Operators", ("Project", ["View", "Edit"]));
        var renamed = await tenant.Admin.PutAsJsonAsync($"/api/v1/roles/{id}", new { name = "Senior operators", description = "Night shift" }, Cancellation);
        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var permissions = await tenant.Admin.PutAsJsonAsync($"/api/v1/roles/{id}/permissions",
            new { permissions = new[] { new { kind = "Journal", rights = new[] { "View" } }, new { kind = "Project", rights = new[] { "View" } } } }, Cancellation);
        permissions.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await permissions.ReadJsonAsync()).GetProperty("permissions").GetArrayLength().ShouldBe(2);
        (await tenant.Admin.DeleteAsync($"/api/v1/roles/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var events = await EntityEventsAsync(tenant, id, "8000,8001,8002,8004");
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([8000, 8004, 8001, 8004, 8002]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Role");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(id);
        }

        events[1].GetProperty("text").GetString().ShouldBe("Operators: Project View/Edit");
        events[2].GetProperty("data").GetProperty("name").GetString().ShouldBe("Senior operators");
        events[3].GetProperty("text").GetString().ShouldBe("Senior operators: Journal View; Project View");
        await (await tenant.Admin.GetAsync($"/api/v1/roles/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rights_of_several_roles_combine_and_removing_a_role_takes_its_rights_away()
    {
        var tenant = await server.CreateTenantAsync();
        var viewers = await CreateRoleAsync(tenant, "Project viewers", ("Project", ["View"]));
        var creators = await CreateRoleAsync(tenant, "Project creators", ("Project", ["Create"]));
        var userId = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "both", password = DocketServerExtensions.UserPassword, mustChangePassword = false, roleIds = new[] { viewers, creators } }, Cancellation));
        using var user = server.WithToken(await server.LoginAsync("both", DocketServerExtensions.UserPassword, tenant.Name));

        var me = await user.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation);
        me.GetProperty("rights").GetProperty("Project").EnumerateArray().Select(r => r.GetString()).ShouldBe(["View", "Create"]);
        (await user.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.PostAsJsonAsync("/api/v1/projects", new { name = "Mine" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await user.PutAsJsonAsync($"/api/v1/users/{userId}", new { displayName = "Me" }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/roles", new { roleIds = new[] { viewers } }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // Removing a role ends the user's sessions; the next one has the rights that are left.
        await (await user.GetAsync("/api/v1/projects", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var again = server.WithToken(await server.LoginAsync("both", DocketServerExtensions.UserPassword, tenant.Name));
        (await again.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await again.PostAsJsonAsync("/api/v1/projects", new { name = "Another" }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await tenant.Admin.EventsAsync("codes=3000")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_role_whose_permissions_change_changes_its_users_rights()
    {
        var tenant = await server.CreateTenantAsync();
        var roleId = await CreateRoleAsync(tenant, "Shifting", ("Project", ["View"]));
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "shifty", password = DocketServerExtensions.UserPassword, mustChangePassword = false, roleIds = new[] { roleId } }, Cancellation));
        using var user = server.WithToken(await server.LoginAsync("shifty", DocketServerExtensions.UserPassword, tenant.Name));
        (await user.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/roles/{roleId}/permissions",
            new { permissions = new[] { new { kind = "Journal", rights = new[] { "View" } } } }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await user.GetAsync("/api/v1/projects", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await user.GetAsync("/api/v1/events", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_TenantAdministrator_cannot_give_the_Administrator_role()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var before = await tenant.Admin.GetStringAsync($"/api/v1/users/{userId}", Cancellation);

        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "usurper", password = DocketServerExtensions.UserPassword, roleIds = new[] { Role.AdministratorId } }, Cancellation);
        var assigned = await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/roles", new { roleIds = new[] { Role.AdministratorId } }, Cancellation);
        var self = await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{tenant.AdminUserId}/roles",
            new { roleIds = new[] { Role.TenantAdministratorId, Role.AdministratorId } }, Cancellation);

        foreach (var refused in new[] { created, assigned, self })
        {
            refused.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Forbidden);
            await refused.ShouldBeProblemAsync(refused.StatusCode);
        }

        (await tenant.Admin.GetStringAsync($"/api/v1/users/{userId}", Cancellation)).ShouldBe(before);
        var users = (await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/users", Cancellation)).GetProperty("items");
        users.EnumerateArray().ShouldNotContain(u => u.GetProperty("login").GetString() == "usurper");
        users.EnumerateArray().ShouldAllBe(u => !u.GetProperty("roleIds").EnumerateArray().Any(r => r.GetGuid() == Role.AdministratorId));
        (await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation)).GetProperty("isAdministrator").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_TenantAdministrator_does_not_see_another_tenants_users_or_roles()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var otherRole = await CreateRoleAsync(other, "Theirs", ("Project", ["View"]));

        await (await tenant.Admin.GetAsync($"/api/v1/users/{other.AdminUserId}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync($"/api/v1/roles/{otherRole}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var assignForeignRole = await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{tenant.AdminUserId}/roles",
            new { roleIds = new[] { Role.TenantAdministratorId, otherRole } }, Cancellation);
        await assignForeignRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var users = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users?tenantId={other.Id}", Cancellation)).GetProperty("items");
        users.EnumerateArray().Select(u => u.GetProperty("tenantId").GetGuid()).ShouldAllBe(t => t == tenant.Id);
        users.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ShouldContain(tenant.AdminUserId);
        var roles = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/roles?tenantId={other.Id}", Cancellation);
        roles.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ShouldNotContain(otherRole);
    }

    [Fact]
    public async Task Only_the_Administrator_may_edit_block_or_reset_the_password_of_an_Administrator()
    {
        using var admin = await server.AdminAsync();
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation)).GetProperty("id").GetGuid();
        var before = await admin.GetStringAsync($"/api/v1/users/{adminId}", Cancellation);
        // A TenantAdministrator of the Administrator's own tenant: every right there, yet not the Administrator.
        var login = "deputy-" + Guid.NewGuid().ToString("N")[..8];
        (await admin.PostAsJsonAsync("/api/v1/users", new
        {
            login,
            password = DocketServerExtensions.UserPassword,
            mustChangePassword = false,
            roleIds = new[] { Role.TenantAdministratorId },
        }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var deputy = server.WithToken(await server.LoginAsync(login, DocketServerExtensions.UserPassword));

        try
        {
            var reset = await deputy.PutAsJsonAsync($"/api/v1/users/{adminId}/password",
                new { newPassword = DocketServer.AdminPassword, mustChangePassword = false }, Cancellation);
            var edited = await deputy.PutAsJsonAsync($"/api/v1/users/{adminId}", new { email = "deputy@example.com" }, Cancellation);
            var blocked = await deputy.PostAsync($"/api/v1/users/{adminId}/block", null, Cancellation);
            var unblocked = await deputy.PostAsync($"/api/v1/users/{adminId}/unblock", null, Cancellation);

            await reset.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await edited.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await blocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await unblocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            (await admin.GetStringAsync($"/api/v1/users/{adminId}", Cancellation)).ShouldBe(before);
            (await admin.EventsAsync($"codes=9001,9004,9005,9006&entityId={adminId}")).ShouldBeEmpty();
        }
        finally
        {
            // Should the guard ever fail, leave the Administrator usable for the rest of the class.
            await deputy.PostAsync($"/api/v1/users/{adminId}/unblock", null, Cancellation);
        }
    }

    [Fact]
    public async Task A_blocked_user_cannot_sign_in_until_unblocked_and_their_open_session_ends()
    {
        var tenant = await server.CreateTenantAsync();
        var (session, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = (await session.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation)).GetProperty("login").GetString()!;

        (await tenant.Admin.PostAsync($"/api/v1/users/{userId}/block", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await session.GetAsync("/api/v1/projects", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await tenant.Admin.EventsAsync($"codes=LoginUserLocked&userId={userId}")).Length.ShouldBe(1);

        (await tenant.Admin.PostAsync($"/api/v1/users/{userId}/unblock", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await session.GetAsync("/api/v1/projects", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_administrator_cannot_block_or_remove_themselves()
    {
        var tenant = await server.CreateTenantAsync();

        await (await tenant.Admin.PostAsync($"/api/v1/users/{tenant.AdminUserId}/block", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await tenant.Admin.DeleteAsync($"/api/v1/users/{tenant.AdminUserId}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await tenant.Admin.GetAsync("/api/v1/auth/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_reset_that_must_be_changed_makes_login_answer_Password_change_required()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("login").GetString()!;

        var reset = await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password", new { newPassword = NewPassword, mustChangePassword = true }, Cancellation);

        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reset.ReadJsonAsync()).GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();
        var refused = await (await LoginAsync(login, NewPassword, tenant.Name)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        refused.GetProperty("title").GetString().ShouldBe("Password change required");
        await (await LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await tenant.Admin.EventsAsync($"codes=9004&entityId={userId}")).Length.ShouldBe(1);

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password", new { newPassword = NewPassword, mustChangePassword = false }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await LoginAsync(login, NewPassword, tenant.Name)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_reset_that_breaks_the_policy_is_refused_and_the_old_password_still_works()
    {
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var login = (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}", Cancellation)).GetProperty("login").GetString()!;

        var weak = await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password", new { newPassword = "short" }, Cancellation);

        (await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("newPassword").GetArrayLength().ShouldBeGreaterThan(0);
        (await LoginAsync(login, DocketServerExtensions.UserPassword, tenant.Name)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"codes=9004&entityId={userId}")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("00000000-0000-7000-8000-000000000001")]
    [InlineData("00000000-0000-7000-8000-000000000002")]
    public async Task Built_in_roles_cannot_be_edited_or_removed_even_by_the_Administrator(string role)
    {
        var tenant = await server.CreateTenantAsync();
        using var admin = await server.AdminAsync();
        var before = await admin.GetStringAsync($"/api/v1/roles/{role}", Cancellation);

        foreach (var client in new[] { tenant.Admin, admin })
        {
            await (await client.PutAsJsonAsync($"/api/v1/roles/{role}", new { name = "Renamed" }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
            await (await client.PutAsJsonAsync($"/api/v1/roles/{role}/permissions",
                new { permissions = new[] { new { kind = "Project", rights = new[] { "View" } } } }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
            await (await client.DeleteAsync($"/api/v1/roles/{role}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        (await admin.GetStringAsync($"/api/v1/roles/{role}", Cancellation)).ShouldBe(before);
        (await admin.EventsAsync($"entityId={role}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_role_may_not_take_a_built_in_roles_name()
    {
        var tenant = await server.CreateTenantAsync();

        var taken = await tenant.Admin.PostAsJsonAsync("/api/v1/roles", new { name = "administrator" }, Cancellation);

        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_authenticates_by_either_header_and_stops_when_revoked()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "scanner" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.ReadJsonAsync();
        var key = body.GetProperty("key").GetString()!;
        var keyId = body.GetProperty("apiKey").GetProperty("id").GetGuid();
        key.ShouldStartWith("dkk_");
        key.ShouldStartWith(body.GetProperty("apiKey").GetProperty("prefix").GetString()!);

        var list = await tenant.Admin.GetStringAsync("/api/v1/api-keys", Cancellation);
        list.ShouldContain(keyId.ToString());
        list.ShouldNotContain(key);
        list.ShouldNotContain(key[12..]);

        using var byHeader = server.Anonymous();
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var byBearer = server.WithToken(key);
        foreach (var client in new[] { byHeader, byBearer })
        {
            var me = await client.GetAsync("/api/v1/auth/me", Cancellation);
            me.StatusCode.ShouldBe(HttpStatusCode.OK);
            var who = await me.ReadJsonAsync();
            who.GetProperty("id").GetGuid().ShouldBe(tenant.AdminUserId);
            who.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
        }

        (await tenant.Admin.DeleteAsync($"/api/v1/api-keys/{keyId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await byHeader.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await byBearer.GetAsync("/api/v1/auth/me", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var revoked = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys", Cancellation);
        revoked.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == keyId).GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var events = await tenant.Admin.EventsAsync($"codes=9001&entityId={tenant.AdminUserId}");
        events.Select(e => e.GetProperty("text").GetString()).ShouldAllBe(text => text!.Contains("scanner"));
        events.Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_key_of_a_service_account_acts_with_that_accounts_rights_only()
    {
        var tenant = await server.CreateTenantAsync();
        var viewers = await CreateRoleAsync(tenant, "Robots", ("Project", ["View"]));
        var robotId = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "robot", isServiceAccount = true, roleIds = new[] { viewers } }, Cancellation));
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "robot key", userId = robotId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var robot = server.WithToken((await created.ReadJsonAsync()).GetProperty("key").GetString()!);

        (await robot.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await robot.PostAsJsonAsync("/api/v1/projects", new { name = "Robot's" }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await robot.GetAsync("/api/v1/users", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        // A service account has no password to sign in with.
        await (await LoginAsync("robot", DocketServerExtensions.UserPassword, tenant.Name)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_TenantAdministrator_cannot_mint_a_key_for_another_person_or_another_tenant()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var (_, personId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        var foreignRobot = await CreatedIdAsync(await other.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "robot", isServiceAccount = true }, Cancellation));

        var forPerson = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "impersonation", userId = personId }, Cancellation);
        var forForeignRobot = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "foreign", userId = foreignRobot }, Cancellation);

        (await forPerson.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("userId").GetArrayLength().ShouldBe(1);
        (await forForeignRobot.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("userId").GetArrayLength().ShouldBe(1);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys", Cancellation)).GetArrayLength().ShouldBe(0);
        (await other.Admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys", Cancellation)).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task No_answer_ever_carries_a_password_hash_or_an_api_key_after_its_creation()
    {
        var tenant = await server.CreateTenantAsync();
        var bodies = new List<(string Request, string Body)>();
        async Task<string> Read(string request, HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync(Cancellation);
            response.IsSuccessStatusCode.ShouldBeTrue($"{request}: {body}");
            bodies.Add((request, body));
            return body;
        }

        var roleId = await CreateRoleAsync(tenant, "Everything", ("Project", ["View"]), ("User", ["View", "Manage"]));
        var created = await Read("create user", await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = "secretive", password = DocketServerExtensions.UserPassword, mustChangePassword = false, roleIds = new[] { roleId } }, Cancellation));
        var userId = JsonDocument.Parse(created).RootElement.GetProperty("id").GetGuid();
        var minted = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "once" }, Cancellation);
        var key = (await minted.ReadJsonAsync()).GetProperty("key").GetString()!;
        using var robot = server.WithToken(key);
        var login = await LoginAsync("secretive", DocketServerExtensions.UserPassword, tenant.Name);
        JsonDocument.Parse(await Read("login", login)).RootElement.GetProperty("token").GetString().ShouldStartWith("dks_");

        await Read("update user", await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}", new { displayName = "Secretive" }, Cancellation));
        await Read("reset password", await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/password",
            new { newPassword = NewPassword, mustChangePassword = false }, Cancellation));
        await Read("assign roles", await tenant.Admin.PutAsJsonAsync($"/api/v1/users/{userId}/roles", new { roleIds = new[] { roleId } }, Cancellation));

        // The reset ended the first session; the user signs in again with the new password.
        using var user = server.WithToken(await server.LoginAsync("secretive", NewPassword, tenant.Name));
        await Read("get user", await tenant.Admin.GetAsync($"/api/v1/users/{userId}", Cancellation));
        await Read("list users", await tenant.Admin.GetAsync("/api/v1/users", Cancellation));
        await Read("list users as the user", await user.GetAsync("/api/v1/users", Cancellation));
        await Read("me", await user.GetAsync("/api/v1/auth/me", Cancellation));
        await Read("list keys", await tenant.Admin.GetAsync("/api/v1/api-keys", Cancellation));
        await Read("me by key", await robot.GetAsync("/api/v1/auth/me", Cancellation));
        await Read("list roles", await tenant.Admin.GetAsync("/api/v1/roles", Cancellation));
        await Read("events", await tenant.Admin.GetAsync("/api/v1/events?limit=1000", Cancellation));
        await Read("export", await tenant.Admin.GetAsync("/api/v1/events/export", Cancellation));

        bodies.Count.ShouldBe(14);
        foreach (var (request, body) in bodies)
        {
            body.ShouldNotContain("pbkdf2", Case.Insensitive, request);
            body.ShouldNotContain("passwordHash", Case.Insensitive, request);
            body.ShouldNotContain(key, Case.Sensitive, request);
            body.ShouldNotContain(DocketServerExtensions.UserPassword, Case.Sensitive, request);
            body.ShouldNotContain(NewPassword, Case.Sensitive, request);
        }
    }

    [Fact]
    public async Task Times_of_users_keys_and_tenants_are_given_in_UTC()
    {
        var tenant = await server.CreateTenantAsync();
        (await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "clock" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var user = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{tenant.AdminUserId}", Cancellation);
        var key = (await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys", Cancellation))[0];
        var own = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant.Id}", Cancellation);

        // Without the zone a client reads the instant in its own local time.
        foreach (var time in new[] { user.GetProperty("createdAt"), user.GetProperty("passwordChangedAt"), user.GetProperty("lastLoginAt"),
            key.GetProperty("createdAt"), own.GetProperty("createdAt") })
        {
            time.GetString().ShouldEndWith("Z");
        }
    }

    private async Task<HttpResponseMessage> LoginAsync(string login, string password, string tenant)
    {
        using var anonymous = server.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login, password, tenant }, Cancellation);
        await response.Content.LoadIntoBufferAsync(Cancellation);
        return response;
    }

    private static async Task<Guid> CreateRoleAsync(TestTenant tenant, string name, params (string Kind, string[] Rights)[] permissions) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/roles",
            new { name, permissions = permissions.Select(p => new { kind = p.Kind, rights = p.Rights }).ToArray() }, Cancellation));

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The entity's records with these codes, oldest first.</summary>
    private static async Task<JsonElement[]> EntityEventsAsync(TestTenant tenant, Guid entityId, string codes) =>
        [.. (await tenant.Admin.EventsAsync($"codes={codes}&entityId={entityId}&order=asc"))];
}
