using System.Net.Http.Json;
using System.Net;
using Docket.Server.Features.Users;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

public sealed class PasswordExpiryTests(ExpiringPasswordServer server) : IClassFixture<ExpiringPasswordServer>
{
    [Fact]
    public async Task An_expired_password_records_LoginUserExpired_and_must_be_changed()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var tenant = await server.CreateTenantAsync();
        var (_, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View"]));
        string login;
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var user = await db.Users.SingleAsync(u => u.Id == userId, cancellation);
            login = user.Login;
            user.PasswordChangedAt = user.PasswordChangedAt!.Value.AddDays(-31);
            await db.SaveChangesAsync(cancellation);
        }

        using var anonymous = server.Anonymous();
        var expired = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login, password = DocketServerExtensions.UserPassword, tenant = tenant.Name }, cancellation);

        (await expired.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("title").GetString().ShouldBe("Password expired");
        (await tenant.Admin.EventsAsync($"codes=LoginUserExpired&userId={userId}")).Length.ShouldBe(1);

        var changed = await anonymous.PostAsJsonAsync("/api/v1/auth/password",
            new { login, tenant = tenant.Name, currentPassword = DocketServerExtensions.UserPassword, newPassword = "Renewed-passw0rd!" }, cancellation);
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await server.LoginAsync(login, "Renewed-passw0rd!", tenant.Name)).ShouldStartWith("dks_");
    }
}
