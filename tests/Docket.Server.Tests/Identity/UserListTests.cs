using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary><c>GET /api/v1/users</c> pages as the projects list does: cursor, limit, and a page of items.</summary>
public sealed class UserListTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_are_listed_a_page_at_a_time_each_once_in_creation_order_within_the_tenant()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var ids = new List<Guid> { tenant.AdminUserId };
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await CreateRobotAsync(tenant, $"robot-{i}"));
            // The other tenant's users are made in between, so a page that ignored the tenant would take them in.
            await CreateRobotAsync(other, $"stranger-{i}");
        }

        (await PagesAsync(tenant.Admin, "", 3)).ShouldBe(ids);
        using var admin = await server.AdminAsync();
        (await PagesAsync(admin, $"tenantId={tenant.Id}&", 3)).ShouldBe(ids);

        var whole = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/users?limit=7", Cancellation);
        whole.GetProperty("items").GetArrayLength().ShouldBe(7);
        whole.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=not-a-guid", "cursor")]
    public async Task A_bad_limit_or_cursor_is_refused_naming_the_parameter(string query, string parameter)
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.GetAsync($"/api/v1/users?{query}", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(parameter).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task The_largest_page_is_allowed()
    {
        var tenant = await server.CreateTenantAsync();

        var page = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/users?limit=500", Cancellation);

        page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ShouldBe([tenant.AdminUserId]);
    }

    /// <summary>Every page of the list, followed by its cursor, with the page size checked on each.</summary>
    private static async Task<List<Guid>> PagesAsync(HttpClient client, string filter, int limit)
    {
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = cursor is null ? $"{filter}limit={limit}" : $"{filter}limit={limit}&cursor={cursor}";
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/users?{query}", Cancellation);
            var items = page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ToList();
            items.Count.ShouldBeLessThanOrEqualTo(limit);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        pages.ShouldBe((seen.Count + limit - 1) / limit);
        return seen;
    }

    private static async Task<Guid> CreateRobotAsync(TestTenant tenant, string login)
    {
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/users", new { login, isServiceAccount = true }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
