using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// File sinks through the API: each tenant's files live in a folder of that tenant (the Administrator's cross-tenant
/// subscriptions in one of their own), and no two subscriptions ever share a file.
/// </summary>
public sealed class ExportFileConfinementTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_sink_naming_another_tenants_directory_and_prefix_neither_writes_into_nor_rotates_away_its_files()
    {
        var victim = await server.CreateTenantAsync();
        var attacker = await server.CreateTenantAsync();
        var folder = "soc-" + Guid.NewGuid().ToString("N")[..8];
        var victimSubscription = await CreateAsync(victim.Admin, new { directory = folder, filePrefix = "audit", maxFiles = 1 });
        (await victim.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "victim's first" }, Cancellation)).EnsureSuccessStatusCode();
        await SubscriptionStatus.WaitAsync(victim.Admin, victimSubscription, s => s.GetProperty("deliveredCount").GetInt64() == 1);

        // The same directory and prefix, rotating at every second line and keeping one rotated file.
        var attackerSubscription = await CreateAsync(attacker.Admin, new { directory = folder, filePrefix = "audit", maxFiles = 1, maxBytes = 1024 });
        for (var i = 0; i < 6; i++)
        {
            (await attacker.Admin.PostAsJsonAsync("/api/v1/projects", new { name = $"attacker {i} " + new string('x', 150) }, Cancellation)).EnsureSuccessStatusCode();
        }

        await SubscriptionStatus.WaitAsync(attacker.Admin, attackerSubscription, s => s.GetProperty("deliveredCount").GetInt64() == 6);

        var exports = Path.Combine(server.DataDirectory, "exports");
        var victimFile = Path.Combine(exports, victim.Id.ToString(), folder, "audit.ndjson");
        File.Exists(victimFile).ShouldBeTrue("the victim's file is in its tenant's folder");
        Tenants(victimFile).ShouldBe([victim.Id], "the victim's file holds its own records only");
        (await File.ReadAllTextAsync(victimFile, Cancellation)).ShouldContain("victim's first");
        // Every tenant's file lies in that tenant's folder (the Administrator's cross-tenant files aside).
        foreach (var file in Directory.GetFiles(exports, "*.ndjson", SearchOption.AllDirectories))
        {
            var owner = Path.GetRelativePath(exports, file).Split(Path.DirectorySeparatorChar)[0];
            if (owner == "all-tenants")
            {
                continue;
            }

            var tenants = Tenants(file);
            tenants.Count.ShouldBeLessThanOrEqualTo(1, $"{file} mixes tenants");
            tenants.ShouldAllBe(t => t.ToString() == owner, $"{file} lies outside its tenant's folder");
        }
    }

    [Fact]
    public async Task Two_subscriptions_of_a_tenant_can_never_share_a_file()
    {
        var tenant = await server.CreateTenantAsync();
        var first = await CreateAsync(tenant.Admin, new { directory = "soc", filePrefix = "audit" }, enabled: false);

        foreach (var settings in new object[]
        {
            new { directory = "soc", filePrefix = "audit" },
            new { directory = "SOC", filePrefix = "Audit" },
        })
        {
            var taken = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request(settings, enabled: false), Cancellation);
            var problem = await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("soc");
        }

        var defaults = await CreateAsync(tenant.Admin, new { directory = "archive" }, enabled: false);
        var sameDefault = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request(new { directory = "archive", filePrefix = "docket-export" }, enabled: false), Cancellation);
        await sameDefault.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // A prefix that ends like a rotated file's stamp would have its current file taken for another's rotated one.
        var stamped = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request(new { directory = "soc", filePrefix = "audit-20261123T100000Z" }, enabled: false), Cancellation);
        await stamped.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var other = await CreateAsync(tenant.Admin, new { directory = "soc", filePrefix = "audit-eu" }, enabled: false);
        var moved = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{other}", Request(new { directory = "soc", filePrefix = "audit" }, enabled: false), Cancellation);
        await moved.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // A subscription keeps its own file when it changes other settings.
        var unchanged = await tenant.Admin.PutAsJsonAsync($"/api/v1/export/subscriptions/{first}", Request(new { directory = "soc", filePrefix = "audit", maxFiles = 3 }, enabled: false), Cancellation);
        unchanged.StatusCode.ShouldBe(HttpStatusCode.OK, await unchanged.Content.ReadAsStringAsync(Cancellation));
        defaults.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task Another_tenant_may_use_the_same_names_and_the_Administrators_cross_tenant_files_have_their_own_folder()
    {
        var one = await server.CreateTenantAsync();
        var two = await server.CreateTenantAsync();
        var folder = "shared-" + Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(one.Admin, new { directory = folder, filePrefix = "audit" }, enabled: false);
        await CreateAsync(two.Admin, new { directory = folder, filePrefix = "audit" }, enabled: false);

        using var administrator = await server.AdminAsync();
        var everyone = await CreateAsync(administrator, new { directory = folder, filePrefix = "audit" }, codes: ["ProjectCreated"]);
        (await one.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "seen by the Administrator" }, Cancellation)).EnsureSuccessStatusCode();
        await SubscriptionStatus.WaitAsync(administrator, everyone, s => s.GetProperty("deliveredCount").GetInt64() >= 1);

        var file = Path.Combine(server.DataDirectory, "exports", "all-tenants", folder, "audit.ndjson");
        (await File.ReadAllTextAsync(file, Cancellation)).ShouldContain("seen by the Administrator");
    }

    [Theory]
    [InlineData("../soc")]
    [InlineData("soc/../../other")]
    [InlineData("./soc")]
    [InlineData("/tmp/soc")]
    [InlineData("soc//audit")]
    [InlineData("soc\\..\\..\\x")]
    [InlineData(".hidden")]
    public async Task A_directory_that_is_not_a_plain_relative_folder_is_refused(string directory)
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request(new { directory }, enabled: false), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static object Request(object settings, bool enabled = true, string[]? codes = null) => new
    {
        name = "file " + Guid.NewGuid().ToString("N")[..8],
        sink = "File",
        settings,
        filter = new { codes = codes ?? ["ProjectCreated"] },
        lingerMilliseconds = 0,
        enabled,
    };

    private static async Task<Guid> CreateAsync(HttpClient client, object settings, bool enabled = true, string[]? codes = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/export/subscriptions", Request(settings, enabled, codes), Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The tenants whose records a file holds.</summary>
    private static List<Guid> Tenants(string file) =>
        [.. File.ReadAllLines(file).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("body").GetProperty("TenantKey").GetGuid()).Distinct()];
}
