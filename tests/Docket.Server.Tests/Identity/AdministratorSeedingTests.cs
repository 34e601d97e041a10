using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// The first start seeds the default tenant and its administrator once, however many replicas start together over
/// an empty database: the replica that loses the race commits neither them nor their records (92000, 9000, 9003).
/// </summary>
public sealed class AdministratorSeedingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_starting_together_seed_one_tenant_one_administrator_and_one_set_of_records()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        // Replicas over one database share the signing key; given here, so neither writes its own on the first start.
        string[] settings = [.. ServerSettings.ForTests, .. ServerSettings.QuietLogs, $"--Journal:SigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}"];
        var starting = new[] { "node-a", "node-b" }.Select(node => ServerProcess.StartAsync(storage, node, settings, Cancellation)).ToList();
        await using var first = await starting[0];
        await using var second = await starting[1];

        foreach (var replica in new[] { first, second })
        {
            using var admin = await replica.AdminAsync(Cancellation);
            var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation);
            var tenant = me.GetProperty("tenantId").GetGuid();
            (await admin.GetFromJsonAsync<JsonElement>("/api/v1/tenants", Cancellation)).GetArrayLength().ShouldBe(1, replica.Output);
            (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users", Cancellation)).GetProperty("items").GetArrayLength().ShouldBe(1, replica.Output);
            var created = (await admin.EventsAsync("codes=TenantCreated")).ShouldHaveSingleItem(replica.Output);
            created.GetProperty("entityId").GetString().ShouldBe(tenant.ToString());
            (await admin.EventsAsync("codes=UserCreated,UserRolesAssigned")).Length.ShouldBe(2, replica.Output);
            var verified = await admin.GetFromJsonAsync<JsonElement>("/api/v1/events/verify", Cancellation);
            verified.GetProperty("valid").GetBoolean().ShouldBeTrue(verified.GetRawText());
        }
    }
}
