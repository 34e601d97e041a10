using System.Net.Http.Json;
using Docket.Server.Features.Projects;
using Docket.Server.Features.Users;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Storage;

/// <summary>
/// Every time read back from either database is UTC: one converter on the model does it, so answers carry a 'Z' and no
/// response needs a SpecifyKind of its own.
/// </summary>
[Trait("Category", "Fast")]
public sealed class UtcTimeTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Times_read_from_the_database_are_utc_and_answers_say_so()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Utc" }, Cancellation);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var read = await (await tenant.Admin.GetAsync($"/api/v1/projects/{id}", Cancellation)).ReadJsonAsync();
        read.GetProperty("createdAt").GetString().ShouldEndWith("Z");
        var me = await (await tenant.Admin.GetAsync($"/api/v1/users/{tenant.AdminUserId}", Cancellation)).ReadJsonAsync();
        me.GetProperty("lastLoginAt").GetString().ShouldEndWith("Z");

        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == id, Cancellation);
        project.CreatedAt.Kind.ShouldBe(DateTimeKind.Utc);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == tenant.AdminUserId, Cancellation);
        user.LastLoginAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
    }
}
