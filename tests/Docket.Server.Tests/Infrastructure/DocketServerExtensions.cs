using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Features.Roles;
using Docket.Server.Security;
using Shouldly;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>Setting up the people a test needs, through the public API as an operator would.</summary>
public static class DocketServerExtensions
{
    public const string UserPassword = "User-Passw0rd!";

    public static async Task<TestTenant> CreateTenantAsync(this DocketServer server)
    {
        using var admin = await server.AdminAsync();
        var name = "tenant-" + Guid.NewGuid().ToString("N")[..12];
        var tenant = await admin.PostAsJsonAsync("/api/v1/tenants", new { name });
        tenant.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await tenant.Content.ReadAsStringAsync());
        var tenantId = (await tenant.ReadJsonAsync()).GetProperty("id").GetGuid();
        var user = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            login = "tadmin",
            password = UserPassword,
            mustChangePassword = false,
            roleIds = new[] { Role.TenantAdministratorId },
            tenantId,
        });
        user.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await user.Content.ReadAsStringAsync());
        var userId = (await user.ReadJsonAsync()).GetProperty("id").GetGuid();
        return new TestTenant(tenantId, name, server.WithToken(await server.LoginAsync("tadmin", UserPassword, name)), userId);
    }

    /// <summary>A user of <paramref name="tenant"/> whose only role grants <paramref name="permissions"/>; signed in.</summary>
    public static async Task<HttpClient> CreateUserAsync(this DocketServer server, TestTenant tenant, params (string Kind, string[] Rights)[] permissions)
    {
        var (client, _) = await server.CreateUserWithIdAsync(tenant, permissions);
        return client;
    }

    public static async Task<(HttpClient Client, Guid UserId)> CreateUserWithIdAsync(
        this DocketServer server, TestTenant tenant, params (string Kind, string[] Rights)[] permissions)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var role = await tenant.Admin.PostAsJsonAsync("/api/v1/roles", new
        {
            name = "role-" + suffix,
            permissions = permissions.Select(p => new { kind = p.Kind, rights = p.Rights }).ToArray(),
        });
        role.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await role.Content.ReadAsStringAsync());
        var roleId = (await role.ReadJsonAsync()).GetProperty("id").GetGuid();
        var login = "user-" + suffix;
        var user = await tenant.Admin.PostAsJsonAsync("/api/v1/users", new
        {
            login,
            password = UserPassword,
            mustChangePassword = false,
            roleIds = new[] { roleId },
        });
        user.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await user.Content.ReadAsStringAsync());
        var userId = (await user.ReadJsonAsync()).GetProperty("id").GetGuid();
        return (server.WithToken(await server.LoginAsync(login, UserPassword, tenant.Name)), userId);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Journal records matching a query string, newest first.</summary>
    public static async Task<JsonElement[]> EventsAsync(this HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/events?" + query);
        response.EnsureSuccessStatusCode();
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }
}
