using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Journal;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Tenants are journalled in Docket's own group (92000-92004): each change records its event on the tenant itself,
/// with its name at that moment, in the change's transaction.
/// </summary>
public sealed class TenantJournalTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tenants_lifecycle_records_92000_to_92004_on_the_tenant_itself()
    {
        using var admin = await server.AdminAsync();
        var name = Unique("lifecycle");
        var created = await admin.PostAsJsonAsync("/api/v1/tenants", new { name, description = "first" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var renamed = name + "-renamed";
        await PutAsync(admin, id, new { name = renamed, description = "second" });
        await PutAsync(admin, id, new { name = renamed, description = "second", isEnabled = false });
        await PutAsync(admin, id, new { name = renamed, description = "second", isEnabled = true });
        (await admin.DeleteAsync($"/api/v1/tenants/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var records = await admin.EventsAsync($"entityKind=Tenant&entityId={id}&order=asc");
        records.Select(r => r.GetProperty("code").GetInt32()).ShouldBe([92000, 92001, 92001, 92004, 92001, 92003, 92002]);
        records.Select(r => r.GetProperty("text").GetString()).ShouldBe([name, renamed, renamed, renamed, renamed, renamed, renamed]);
        records.ShouldAllBe(r => r.GetProperty("tenantId").GetGuid() == id);
        records.ShouldAllBe(r => r.GetProperty("userLogin").GetString() == "admin");
        records[0].GetProperty("data").GetProperty("description").GetString().ShouldBe("first");
        records[3].GetProperty("data").GetProperty("isEnabled").GetBoolean().ShouldBeFalse();
        records[5].GetProperty("data").GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        // Switching a tenant off is one operation with its change record.
        records[3].GetProperty("operationKey").GetString().ShouldBe(records[2].GetProperty("operationKey").GetString());
    }

    [Fact]
    public async Task A_tenants_records_carry_its_name_at_the_time_and_a_rename_names_its_next_records()
    {
        using var admin = await server.AdminAsync();
        var tenant = await server.CreateTenantAsync();
        var renamed = tenant.Name + "-renamed";
        await PutAsync(admin, tenant.Id, new { name = renamed });
        (await admin.PostAsJsonAsync("/api/v1/projects", new { name = "After the rename", tenantId = tenant.Id }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var names = await db.JournalRecords.Where(r => r.TenantId == tenant.Id && (r.Group == 92000 || r.Code == 3000))
            .OrderBy(r => r.Sequence).Select(r => new { r.Code, r.TenantName }).ToListAsync(Cancellation);
        names.Select(n => (n.Code, n.TenantName)).ShouldBe([(92000, tenant.Name), (92001, renamed), (3000, renamed)]);
    }

    [Fact]
    public async Task A_refused_or_failed_tenant_change_records_nothing()
    {
        using var admin = await server.AdminAsync();
        var tenant = await server.CreateTenantAsync();
        var before = await admin.EventsAsync($"entityKind=Tenant&entityId={tenant.Id}");

        // It still has its administrator and so is refused; a name taken by another tenant is refused too.
        await (await admin.DeleteAsync($"/api/v1/tenants/{tenant.Id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var other = await server.CreateTenantAsync();
        await (await admin.PutAsJsonAsync($"/api/v1/tenants/{tenant.Id}", new { name = other.Name }, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await admin.EventsAsync($"entityKind=Tenant&entityId={tenant.Id}")).Length.ShouldBe(before.Length);

        // The database refuses the record: the tenant is not made either, so the two share one transaction.
        var name = Unique("unjournalled");
        await InstallFailingRecordAsync(name);
        await (await admin.PostAsJsonAsync("/api/v1/tenants", new { name }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/tenants", Cancellation)).EnumerateArray()
            .ShouldNotContain(t => t.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task A_tenant_sees_its_own_tenant_records_and_no_other_tenants()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();

        var own = await tenant.Admin.EventsAsync("codes=TenantCreated,TenantUpdated,TenantRemoved,TenantEnabled,TenantDisabled");
        own.Select(r => r.GetProperty("entityId").GetString()).ShouldBe([tenant.Id.ToString()]);
        await (await tenant.Admin.GetAsync($"/api/v1/events?tenantId={other.Id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var admin = await server.AdminAsync();
        (await admin.EventsAsync($"codes=92000&tenantId={other.Id}")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_seeded_default_tenant_records_its_creation_once_by_the_system()
    {
        using var admin = await server.AdminAsync();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Cancellation);
        var id = me.GetProperty("tenantId").GetGuid();

        var created = (await admin.EventsAsync($"codes=TenantCreated&entityId={id}")).ShouldHaveSingleItem();
        created.GetProperty("tenantId").GetGuid().ShouldBe(id);
        created.GetProperty("userLogin").GetString().ShouldBe("system");
        created.GetProperty("text").GetString().ShouldBe(me.GetProperty("tenantName").GetString());
        // The same save as the administrator's own records.
        var seeded = await admin.EventsAsync($"codes=UserCreated&operationKey={created.GetProperty("operationKey").GetString()}");
        seeded.ShouldHaveSingleItem().GetProperty("entityId").GetString().ShouldBe(me.GetProperty("id").GetString());
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task PutAsync(HttpClient admin, Guid id, object body)
    {
        var response = await admin.PutAsJsonAsync($"/api/v1/tenants/{id}", body, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
    }

    /// <summary>A trigger that aborts the insert of a journal record whose text is <paramref name="text"/>.</summary>
    private async Task InstallFailingRecordAsync(string text)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var name = "fail_" + Guid.NewGuid().ToString("N")[..12];
        string[] statements = server.Provider == StorageProvider.Sqlite
            ? [$"CREATE TRIGGER {name} BEFORE INSERT ON journal_records WHEN NEW.text = '{text}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"]
            :
            [
                $"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN IF NEW.text = '{text}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;",
                $"CREATE TRIGGER {name} BEFORE INSERT ON journal_records FOR EACH ROW EXECUTE FUNCTION {name}();",
            ];
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }
    }
}
