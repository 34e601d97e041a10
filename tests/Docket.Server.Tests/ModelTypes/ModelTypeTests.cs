using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.ModelTypes;

/// <summary>Model types through the API: the built-in ones, what each change records, unique names, the fixed purpose, ETags.</summary>
[Trait("Category", "Fast")]
public sealed class ModelTypeTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_tenant_has_the_three_built_in_types_and_cannot_change_or_remove_them()
    {
        var tenant = await server.CreateTenantAsync();

        var types = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/model-types", Cancellation);

        var builtIn = types.EnumerateArray().Where(t => t.GetProperty("isBuiltIn").GetBoolean()).ToList();
        builtIn.Select(t => (t.GetProperty("name").GetString(), t.GetProperty("purpose").GetString()))
            .ShouldBe([("FieldExtraction", "FieldExtraction"), ("Classification", "Classification"), ("FreeForm", "FreeForm")]);
        foreach (var type in builtIn)
        {
            var url = $"/api/v1/model-types/{type.GetProperty("id").GetGuid()}";
            var renamed = await tenant.Admin.PutAsJsonAsync(url, new { name = "Mine" }, Cancellation);
            (await renamed.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("built-in");
            await (await tenant.Admin.DeleteAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
            (await tenant.Admin.GetFromJsonAsync<JsonElement>(url, Cancellation)).GetProperty("name").GetString()
                .ShouldBe(type.GetProperty("name").GetString());
        }

        (await tenant.Admin.EventsAsync("codes=13001,13002")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_update_and_delete_record_ModelTypeCreated_ModelTypeUpdated_and_ModelTypeRemoved_with_the_type()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("ModelType", ["View", "Create", "Edit", "Delete"]));

        var created = await client.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts", purpose = "FieldExtraction", description = "Till receipts" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var type = await created.ReadJsonAsync();
        var id = type.GetProperty("id").GetGuid();
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/model-types/{id}");
        created.Headers.ETag!.Tag.ShouldBe(type.GetProperty("eTag").GetString());
        type.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
        type.GetProperty("isBuiltIn").GetBoolean().ShouldBeFalse();

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/model-types/{id}")
        {
            Content = JsonContent.Create(new { name = "Receipts 2025", description = "Till receipts" }),
        };
        update.Headers.IfMatch.Add(created.Headers.ETag);
        var updated = await client.SendAsync(update, Cancellation);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        updated.Headers.ETag!.Tag.ShouldNotBe(created.Headers.ETag.Tag);
        (await updated.ReadJsonAsync()).GetProperty("purpose").GetString().ShouldBe("FieldExtraction");

        (await client.DeleteAsync($"/api/v1/model-types/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/model-types/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([13000, 13001, 13002]);
        events.Select(e => e.GetProperty("data").GetProperty("name").GetString()).ShouldBe(["Receipts", "Receipts 2025", "Receipts 2025"]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("ModelType");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
        }
    }

    [Fact]
    public async Task A_name_is_unique_among_the_tenants_own_and_the_built_in_types_but_not_across_tenants()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();

        var builtInName = await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "fieldextraction", purpose = "Classification" }, Cancellation);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Invoices", purpose = "FieldExtraction" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var twice = await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "INVOICES", purpose = "FreeForm" }, Cancellation);
        var elsewhere = await other.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Invoices", purpose = "FieldExtraction" }, Cancellation);

        await builtInName.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await tenant.Admin.EventsAsync("codes=13000")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task The_purpose_is_required_on_create_and_cannot_change_afterwards()
    {
        var tenant = await server.CreateTenantAsync();

        var missing = await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts" }, Cancellation);
        var unknown = await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts", purpose = "Translation" }, Cancellation);
        var created = await (await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts", purpose = "FieldExtraction" }, Cancellation)).ReadJsonAsync();
        var changed = await tenant.Admin.PutAsJsonAsync($"/api/v1/model-types/{created.GetProperty("id").GetGuid()}",
            new { name = "Receipts", purpose = "Classification" }, Cancellation);

        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("purpose").GetArrayLength().ShouldBe(1);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await changed.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("purpose").GetArrayLength().ShouldBe(1);
        (await tenant.Admin.EventsAsync("codes=13000,13001")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Update_and_delete_with_a_stale_ETag_are_refused_with_412_and_change_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts", purpose = "FreeForm" }, Cancellation);
        var url = created.Headers.Location!.OriginalString;
        (await tenant.Admin.PutAsJsonAsync(url, new { name = "Receipts 2" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var stale = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { name = "Receipts 3" }) };
        stale.Headers.IfMatch.Add(created.Headers.ETag!);
        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, url);
        staleDelete.Headers.IfMatch.Add(created.Headers.ETag!);

        await (await tenant.Admin.SendAsync(stale, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await tenant.Admin.SendAsync(staleDelete, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>(url, Cancellation)).GetProperty("name").GetString().ShouldBe("Receipts 2");
    }
}
