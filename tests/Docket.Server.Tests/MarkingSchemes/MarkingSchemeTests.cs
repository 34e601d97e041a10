using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.MarkingSchemes;

/// <summary>Marking schemes and their fields through the API: what each change records, the scheme's ETag, names, paging.</summary>
public sealed class MarkingSchemeTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_update_and_delete_record_MarkingSchemeCreated_Updated_and_Removed_with_the_scheme()
    {
        var tenant = await server.CreateTenantAsync();
        var projectId = await tenant.Admin.CreateProjectAsync();
        var client = await server.CreateUserAsync(tenant, ("MarkingScheme", ["View", "Create", "Edit", "Delete"]), ("Project", ["View"]));

        var created = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/marking-schemes",
            new { name = "Invoice", description = "Supplier invoices", fields = MarkingSetup.InvoiceFields }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var scheme = await created.ReadJsonAsync();
        var id = scheme.GetProperty("id").GetGuid();
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/marking-schemes/{id}");
        created.Headers.ETag!.Tag.ShouldBe(scheme.GetProperty("eTag").GetString());
        scheme.GetProperty("kind").GetString().ShouldBe("Extraction");
        scheme.GetProperty("projectId").GetGuid().ShouldBe(projectId);
        var fields = scheme.GetProperty("fields").EnumerateArray().ToArray();
        fields.Select(f => f.GetProperty("name").GetString()).ShouldBe(["Total", "Date", "Number", "Paid", "Note", "Items"]);
        fields.Select(f => f.GetProperty("order").GetInt32()).ShouldBe([0, 1, 2, 3, 4, 5]);
        fields[5].GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ShouldBe(["String", "Number"]);

        var read = await client.GetAsync($"/api/v1/marking-schemes/{id}", Cancellation);
        read.Headers.ETag!.Tag.ShouldBe(created.Headers.ETag.Tag);

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/marking-schemes/{id}")
        {
            Content = JsonContent.Create(new { name = "Invoice 2025" }),
        };
        update.Headers.IfMatch.Add(created.Headers.ETag);
        var updated = await client.SendAsync(update, Cancellation);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updated.Headers.ETag!.Tag.ShouldNotBe(created.Headers.ETag.Tag);

        (await client.DeleteAsync($"/api/v1/marking-schemes/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/marking-schemes/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([5000, 5001, 5002]);
        events.Select(e => e.GetProperty("text").GetString()).ShouldBe(["Invoice", "Invoice 2025", "Invoice 2025"]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("MarkingScheme");
            e.GetProperty("projectId").GetGuid().ShouldBe(projectId);
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(id);
            e.GetProperty("data").GetProperty("fields").GetArrayLength().ShouldBe(6);
        }

        events[0].GetProperty("data").GetProperty("description").GetString().ShouldBe("Supplier invoices");
        events[1].GetProperty("data").GetProperty("eTag").GetString().ShouldBe(updated.Headers.ETag.Tag);
    }

    [Fact]
    public async Task Field_changes_record_6000_6001_and_6002_and_each_moves_the_schemes_ETag()
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync(), new { name = "Receipt" });
        var id = scheme.GetProperty("id").GetGuid();
        var etag = new EntityTagHeaderValue(scheme.GetProperty("eTag").GetString()!);

        var added = await SendAsync(tenant.Admin, HttpMethod.Post, $"/api/v1/marking-schemes/{id}/fields", etag,
            new { name = "Сумма", type = "Money", required = true, formatPattern = @"\d+(\.\d\d)?" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Cancellation));
        var field = await added.ReadJsonAsync();
        var fieldId = field.GetProperty("id").GetGuid();
        added.Headers.Location!.OriginalString.ShouldBe($"/api/v1/marking-schemes/{id}/fields/{fieldId}");
        added.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        field.GetProperty("eTag").GetString().ShouldBe(added.Headers.ETag.Tag);

        // The old ETag no longer matches: the field change was a change of the scheme.
        await (await SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}", etag, new { name = "Lost" }))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        var changed = await SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}/fields/{fieldId}", added.Headers.ETag,
            new { name = "Итого", type = "Money", orientation = 90, language = "Russian" });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Cancellation));
        var after = await changed.ReadJsonAsync();
        after.GetProperty("name").GetString().ShouldBe("Итого");
        after.GetProperty("orientation").GetInt32().ShouldBe(90);
        after.GetProperty("required").GetBoolean().ShouldBeFalse();
        after.GetProperty("formatPattern").ValueKind.ShouldBe(JsonValueKind.Null);

        var read = await tenant.Admin.GetAsync($"/api/v1/marking-schemes/{id}/fields/{fieldId}", Cancellation);
        read.Headers.ETag!.Tag.ShouldBe(changed.Headers.ETag!.Tag);

        var removed = await SendAsync(tenant.Admin, HttpMethod.Delete, $"/api/v1/marking-schemes/{id}/fields/{fieldId}", changed.Headers.ETag, null);
        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var now = await tenant.Admin.GetAsync($"/api/v1/marking-schemes/{id}", Cancellation);
        now.Headers.ETag!.Tag.ShouldBe(removed.Headers.ETag!.Tag);
        (await now.ReadJsonAsync()).GetProperty("fields").GetArrayLength().ShouldBe(0);

        var events = (await tenant.Admin.EventsAsync($"entityId={fieldId}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([6000, 6001, 6002]);
        events.Select(e => e.GetProperty("text").GetString()).ShouldBe(["Сумма", "Итого", "Итого"]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("MarkingField");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("projectId").GetGuid().ShouldBe(scheme.GetProperty("projectId").GetGuid());
            e.GetProperty("data").GetProperty("schemeId").GetGuid().ShouldBe(id);
        }

        events[2].GetProperty("data").GetProperty("eTag").GetString().ShouldBe(removed.Headers.ETag.Tag);
    }

    [Fact]
    public async Task Bulk_settings_change_several_fields_in_one_MarkingFieldTypesUpdated()
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        var id = scheme.GetProperty("id").GetGuid();

        var response = await tenant.Admin.PatchAsJsonAsync($"/api/v1/marking-schemes/{id}/fields", new
        {
            fields = new object[]
            {
                new { fieldId = scheme.FieldId("Total"), language = "English", multiLine = false, formatPattern = "" },
                new { fieldId = scheme.FieldId("Number"), type = "Number", required = true, orientation = 270, formatPattern = "[0-9]{3}" },
            },
        }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var after = await response.ReadJsonAsync();
        var total = after.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Total");
        total.GetProperty("language").GetString().ShouldBe("English");
        total.GetProperty("type").GetString().ShouldBe("Money");
        total.GetProperty("required").GetBoolean().ShouldBeTrue();
        var number = after.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Number");
        number.GetProperty("type").GetString().ShouldBe("Number");
        number.GetProperty("orientation").GetInt32().ShouldBe(270);
        number.GetProperty("formatPattern").GetString().ShouldBe("[0-9]{3}");
        after.GetProperty("eTag").GetString().ShouldNotBe(scheme.GetProperty("eTag").GetString());

        var events = await tenant.Admin.EventsAsync("codes=6003");
        events.Length.ShouldBe(1);
        events[0].GetProperty("entityKind").GetString().ShouldBe("MarkingScheme");
        events[0].GetProperty("entityId").GetString().ShouldBe(id.ToString());
        events[0].GetProperty("data").GetProperty("eTag").GetString().ShouldBe(after.GetProperty("eTag").GetString());
    }

    [Fact]
    public async Task Table_columns_are_replaced_in_one_MarkingFieldColumnsUpdated()
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        var id = scheme.GetProperty("id").GetGuid();
        var items = scheme.FieldId("Items");

        var response = await tenant.Admin.PutAsJsonAsync($"/api/v1/marking-schemes/{id}/fields/{items}/columns", new
        {
            columns = new object[]
            {
                new { name = "Наименование", required = true },
                new { name = "Price", type = "Money", formatPattern = "[0-9.]+" },
                new { name = "Delivered", type = "Date", language = "English" },
            },
        }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        var field = await response.ReadJsonAsync();
        field.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["Наименование", "Price", "Delivered"]);
        var reread = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/marking-schemes/{id}/fields/{items}", Cancellation);
        reread.GetProperty("columns")[1].GetProperty("type").GetString().ShouldBe("Money");
        var events = await tenant.Admin.EventsAsync($"codes=6004&entityId={items}");
        events.Length.ShouldBe(1);
        events[0].GetProperty("text").GetString().ShouldBe("Items");
        events[0].GetProperty("data").GetProperty("columns").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Stale_ETags_on_scheme_and_field_edits_are_refused_with_412_and_record_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        var id = scheme.GetProperty("id").GetGuid();
        var stale = new EntityTagHeaderValue(scheme.GetProperty("eTag").GetString()!);
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/marking-schemes/{id}", new { name = "First edit" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var items = scheme.FieldId("Items");

        HttpResponseMessage[] refused =
        [
            await SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}", stale, new { name = "Lost" }),
            await SendAsync(tenant.Admin, HttpMethod.Delete, $"/api/v1/marking-schemes/{id}", stale, null),
            await SendAsync(tenant.Admin, HttpMethod.Post, $"/api/v1/marking-schemes/{id}/fields", stale, new { name = "Lost" }),
            await SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}/fields/{items}", stale, new { name = "Lost", type = "Table" }),
            await SendAsync(tenant.Admin, HttpMethod.Delete, $"/api/v1/marking-schemes/{id}/fields/{items}", stale, null),
            await SendAsync(tenant.Admin, HttpMethod.Patch, $"/api/v1/marking-schemes/{id}/fields", stale, new { fields = new[] { new { fieldId = items, required = true } } }),
            await SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}/fields/{items}/columns", stale, new { columns = new[] { new { name = "Lost" } } }),
        ];

        foreach (var response in refused)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        (await tenant.Admin.EventsAsync("codes=5001,5002,6000,6001,6002,6003,6004")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Two_edits_with_the_same_If_Match_at_once_let_one_through_and_refuse_the_other_with_412()
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        var id = scheme.GetProperty("id").GetGuid();
        var etag = new EntityTagHeaderValue(scheme.GetProperty("eTag").GetString()!);

        var answers = await Task.WhenAll(
            SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}", etag, new { name = "Edit A" }),
            SendAsync(tenant.Admin, HttpMethod.Put, $"/api/v1/marking-schemes/{id}/fields/{scheme.FieldId("Total")}", etag, new { name = "Edit B" }));

        answers.Select(a => a.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
        (await tenant.Admin.EventsAsync("codes=5001,6001")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Names_are_unique_in_any_case_per_project_and_per_scheme()
    {
        var tenant = await server.CreateTenantAsync();
        var projectId = await tenant.Admin.CreateProjectAsync();
        var other = await tenant.Admin.CreateProjectAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(projectId, new { name = "Счёт-фактура", fields = new[] { new { name = "Сумма" } } });
        var id = scheme.GetProperty("id").GetGuid();

        await (await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/marking-schemes", new { name = "СЧЁТ-ФАКТУРА" }, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{other}/marking-schemes", new { name = "Счёт-фактура" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await tenant.Admin.PostAsJsonAsync($"/api/v1/marking-schemes/{id}/fields", new { name = " сумма " }, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var twice = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/marking-schemes",
            new { name = "Twice", fields = new[] { new { name = "Дата" }, new { name = "ДАТА" } } }, Cancellation);
        (await twice.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("fields[1].name").GetArrayLength().ShouldBe(1);
        var renamed = await tenant.Admin.PutAsJsonAsync($"/api/v1/marking-schemes/{id}/fields/{scheme.FieldId("Сумма")}", new { name = "СУММА" }, Cancellation);
        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("СУММА");
    }

    [Fact]
    public async Task A_classifier_schemes_fields_are_document_types()
    {
        var tenant = await server.CreateTenantAsync();
        var projectId = await tenant.Admin.CreateProjectAsync();

        var scheme = await tenant.Admin.CreateSchemeAsync(projectId, new { name = "Kinds", kind = "Classifier", fields = new[] { new { name = "Invoice" }, new { name = "Waybill" } } });
        var id = scheme.GetProperty("id").GetGuid();
        var asString = await tenant.Admin.PostAsJsonAsync($"/api/v1/marking-schemes/{id}/fields", new { name = "Other", type = "String" }, Cancellation);
        var inExtraction = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/marking-schemes",
            new { name = "Fields", fields = new[] { new { name = "Kind", type = "DocumentType" } } }, Cancellation);

        scheme.GetProperty("kind").GetString().ShouldBe("Classifier");
        scheme.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("type").GetString()).ShouldBe(["DocumentType", "DocumentType"]);
        (await asString.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("type").GetArrayLength().ShouldBe(1);
        (await inExtraction.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("fields[0].type").GetArrayLength().ShouldBe(1);
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "orientation not a right angle", """{"name": "A", "orientation": 45}""", "orientation" },
        { "pattern that does not compile", """{"name": "A", "formatPattern": "[0-9"}""", "formatPattern" },
        { "pattern with a stray parenthesis", """{"name": "A", "formatPattern": "a)(b"}""", "formatPattern" },
        { "undefined type number", """{"name": "A", "type": 42}""", "type" },
        { "undefined language number", """{"name": "A", "language": 9}""", "language" },
        { "columns on a string field", """{"name": "A", "columns": [{"name": "B"}]}""", "columns" },
        { "table column", """{"name": "A", "type": "Table", "columns": [{"name": "B", "type": "Table"}]}""", "columns[0].type" },
        { "document type column", """{"name": "A", "type": "Table", "columns": [{"name": "B", "type": "DocumentType"}]}""", "columns[0].type" },
        { "columns named alike", """{"name": "A", "type": "Table", "columns": [{"name": "Qty"}, {"name": "QTY"}]}""", "columns[1].name" },
        { "empty name", """{"name": " "}""", "name" },
        { "201-character name", $$"""{"name": "{{new string('n', 201)}}"}""", "name" },
        { "negative order", """{"name": "A", "order": -1}""", "order" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_refused_with_the_member_named_and_changes_nothing(string @case, string body, string member)
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        var id = scheme.GetProperty("id").GetGuid();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await tenant.Admin.PostAsync($"/api/v1/marking-schemes/{id}/fields", content, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(member, out _).ShouldBeTrue(@case + ": " + problem.GetRawText());
        var after = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/marking-schemes/{id}", Cancellation);
        after.GetProperty("eTag").GetString().ShouldBe(scheme.GetProperty("eTag").GetString(), @case);
        (await tenant.Admin.EventsAsync("codes=6000")).Length.ShouldBe(0, @case);
    }

    [Fact]
    public async Task Bulk_settings_name_the_bad_entry_and_change_no_field()
    {
        var tenant = await server.CreateTenantAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        var id = scheme.GetProperty("id").GetGuid();

        var response = await tenant.Admin.PatchAsJsonAsync($"/api/v1/marking-schemes/{id}/fields", new
        {
            fields = new object[]
            {
                new { fieldId = scheme.FieldId("Total"), required = false },
                new { fieldId = Guid.NewGuid() },
                new { fieldId = scheme.FieldId("Date"), formatPattern = "(" },
                new { fieldId = scheme.FieldId("Note"), type = "DocumentType" },
                new { fieldId = scheme.FieldId("Total"), orientation = 90 },
            },
        }, Cancellation);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["fields[1].fieldId", "fields[2].formatPattern", "fields[3].type", "fields[4].fieldId"]);
        var after = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/marking-schemes/{id}", Cancellation);
        after.GetProperty("eTag").GetString().ShouldBe(scheme.GetProperty("eTag").GetString());
        (await tenant.Admin.EventsAsync("codes=6003")).Length.ShouldBe(0);
    }

    [Fact]
    public async Task What_markings_use_cannot_be_removed()
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var marked = await tenant.Admin.PutAsJsonAsync(invoice.MarkingUrl, new
        {
            fields = new object[]
            {
                new { field = "Total", value = "10.00" },
                new { field = "Items", rows = new[] { new { cells = new[] { new { column = "Name", value = "Bolt" } } } } },
            },
        }, Cancellation);
        marked.StatusCode.ShouldBe(HttpStatusCode.Created, await marked.Content.ReadAsStringAsync(Cancellation));
        var id = invoice.SchemeId;

        await (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{id}/fields/{invoice.Scheme.FieldId("Total")}", Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await tenant.Admin.PutAsJsonAsync($"/api/v1/marking-schemes/{id}/fields/{invoice.Scheme.FieldId("Items")}/columns",
            new { columns = new[] { new { name = "Title" }, new { name = "Qty" } } }, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        // What no marking uses may go: an unused field, an unused column (the cells' column kept, in another case).
        (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{id}/fields/{invoice.Scheme.FieldId("Date")}", Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/marking-schemes/{id}/fields/{invoice.Scheme.FieldId("Items")}/columns",
            new { columns = new[] { new { name = "NAME" } } }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await tenant.Admin.DeleteAsync(invoice.MarkingUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Another_tenants_schemes_and_projects_are_not_found()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var projectId = await tenant.Admin.CreateProjectAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(projectId);
        var id = scheme.GetProperty("id").GetGuid();

        await (await other.Admin.GetAsync($"/api/v1/marking-schemes/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.GetAsync($"/api/v1/projects/{projectId}/marking-schemes", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.PostAsJsonAsync($"/api/v1/projects/{projectId}/marking-schemes", new { name = "Mine" }, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.GetAsync($"/api/v1/marking-schemes/{id}/fields/{scheme.FieldId("Total")}", Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync($"/api/v1/marking-schemes/{id}/fields/{Guid.NewGuid()}", Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_pages_by_cursor_in_creation_order_and_searches_by_name()
    {
        var tenant = await server.CreateTenantAsync();
        var projectId = await tenant.Admin.CreateProjectAsync();
        foreach (var name in new[] { "Alpha", "Beta", "Gamma", "Альфа" })
        {
            await tenant.Admin.CreateSchemeAsync(projectId, new { name });
        }

        var first = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/marking-schemes?limit=3", Cancellation);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/marking-schemes?limit=3&cursor={cursor}", Cancellation);
        var found = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/marking-schemes?search=альф", Cancellation);

        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(s => s.GetProperty("name").GetString()).ShouldBe(["Alpha", "Beta", "Gamma", "Альфа"]);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        found.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["Альфа"]);
        await (await tenant.Admin.GetAsync($"/api/v1/projects/{projectId}/marking-schemes?limit=0", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, EntityTagHeaderValue etag, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request, Cancellation);
    }
}
