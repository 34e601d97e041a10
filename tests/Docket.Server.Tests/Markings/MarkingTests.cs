using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using Docket.Contracts.Markings;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Features.Markings;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Markings;

/// <summary>Markings through the API: create or replace by field name, what is stored and recorded, ETags, checks.</summary>
public sealed class MarkingTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static object FullInvoice => new
    {
        fields = new object[]
        {
            new { field = "Total", value = "12.50 RUB", boxes = new[] { new { x = 10, y = 20, width = 100, height = 30 } } },
            new { field = "date", value = "2025-03-31" },
            new { field = "Number", value = "INV-0042" },
            new { field = "Paid", value = "true" },
            new { field = "Note", value = "Line one\nline two" },
            new
            {
                field = "Items",
                boxes = new[] { new { x = 0, y = 500, width = 1000, height = 400 } },
                rows = new[]
                {
                    new { cells = new object[] { new { column = "name", value = "Болт М6", boxes = new[] { new { x = 5, y = 510, width = 200, height = 20 } } }, new { column = "Qty", value = "12" } } },
                    new { cells = new object[] { new { column = "Name", value = "Nut" } } },
                },
            },
        },
    };

    [Fact]
    public async Task Put_creates_then_replaces_recording_MarkingCreateOrEdit_and_delete_records_MarkingRemoved()
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var client = await server.CreateUserAsync(tenant, ("Marking", ["View", "Edit", "Delete"]));

        var created = await client.PutAsJsonAsync(invoice.MarkingUrl, FullInvoice, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        created.Headers.Location!.OriginalString.ShouldBe(invoice.MarkingUrl);
        var marking = await created.ReadJsonAsync();
        var markingId = marking.GetProperty("id").GetGuid();
        marking.GetProperty("imageId").GetGuid().ShouldBe(invoice.ImageId);
        var fields = marking.GetProperty("fields").EnumerateArray().ToArray();
        fields.Select(f => f.GetProperty("field").GetString()).ShouldBe(["Total", "Date", "Number", "Paid", "Note", "Items"]);
        fields[0].GetProperty("fieldId").GetGuid().ShouldBe(invoice.Scheme.FieldId("Total"));
        fields[5].GetProperty("rows")[0].GetProperty("cells")[0].GetProperty("column").GetString().ShouldBe("Name");
        fields[5].GetProperty("rows")[0].GetProperty("cells")[0].GetProperty("value").GetString().ShouldBe("Болт М6");

        // Stored by field id, in the form datasets copy.
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var stored = await db.Markings.AsNoTracking().SingleAsync(m => m.Id == markingId, Cancellation);
            var content = MarkingContent.FromJson(stored.Content);
            content.Fields.Select(f => f.FieldId).ShouldContain(invoice.Scheme.FieldId("Items"));
            content.Fields.Single(f => f.FieldId == invoice.Scheme.FieldId("Total")).Boxes.ShouldBe([new MarkingBox(10, 20, 100, 30)]);
            stored.Content.ShouldNotContain("\"Total\"");
        }

        var read = await client.GetAsync(invoice.MarkingUrl, Cancellation);
        read.Headers.ETag!.Tag.ShouldBe(created.Headers.ETag!.Tag);

        using var replace = new HttpRequestMessage(HttpMethod.Put, invoice.MarkingUrl)
        {
            Content = JsonContent.Create(new { fields = new[] { new { field = "TOTAL", value = "7" } } }),
        };
        replace.Headers.IfMatch.Add(created.Headers.ETag);
        var replaced = await client.SendAsync(replace, Cancellation);
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync(Cancellation));
        replaced.Headers.ETag!.Tag.ShouldNotBe(created.Headers.ETag.Tag);
        var after = await replaced.ReadJsonAsync();
        after.GetProperty("id").GetGuid().ShouldBe(markingId);
        after.GetProperty("fields").GetArrayLength().ShouldBe(1);

        (await client.DeleteAsync(invoice.MarkingUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync(invoice.MarkingUrl, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={markingId}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([11000, 11000, 11001]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Marking");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("projectId").GetGuid().ShouldBe(invoice.ProjectId);
            e.GetProperty("text").GetString()!.ShouldStartWith("page-");
            e.GetProperty("data").GetProperty("schemeId").GetGuid().ShouldBe(invoice.SchemeId);
        }

        events[0].GetProperty("data").GetProperty("fields").GetArrayLength().ShouldBe(6);
        events[1].GetProperty("data").GetProperty("eTag").GetString().ShouldBe(replaced.Headers.ETag.Tag);
    }

    [Fact]
    public async Task Markings_are_listed_by_image_and_paged_by_scheme()
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var second = await tenant.Admin.CreateSchemeAsync(invoice.ProjectId, new { name = "Stamp", fields = new[] { new { name = "Seal", type = "Boolean" } } });
        var secondId = second.GetProperty("id").GetGuid();
        var images = new List<Guid> { invoice.ImageId };
        for (var i = 0; i < 2; i++)
        {
            images.Add(await server.AddImageAsync(invoice.ProjectId));
        }

        foreach (var image in images)
        {
            var put = await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{image}/markings/{invoice.SchemeId}",
                new { fields = new[] { new { field = "Total", value = "1" } } }, Cancellation);
            put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync(Cancellation));
        }

        (await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{invoice.ImageId}/markings/{secondId}",
            new { fields = new[] { new { field = "Seal", value = "false" } } }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var byImage = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/images/{invoice.ImageId}/markings", Cancellation);
        byImage.EnumerateArray().Select(m => m.GetProperty("schemeId").GetGuid()).ShouldBe([invoice.SchemeId, secondId]);

        var first = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/marking-schemes/{invoice.SchemeId}/markings?limit=2", Cancellation);
        var cursor = first.GetProperty("nextCursor").GetString();
        var rest = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/marking-schemes/{invoice.SchemeId}/markings?limit=2&cursor={cursor}", Cancellation);
        first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray())
            .Select(m => m.GetProperty("imageId").GetGuid()).ShouldBe(images);
        rest.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task If_Match_must_name_the_current_marking_and_two_replacements_with_one_ETag_let_one_through()
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var body = new { fields = new[] { new { field = "Total", value = "1.00" } } };
        var anyETag = new EntityTagHeaderValue($"\"{Guid.NewGuid():N}\"");

        await (await SendAsync(tenant.Admin, HttpMethod.Put, invoice.MarkingUrl, anyETag, body)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var created = await tenant.Admin.PutAsJsonAsync(invoice.MarkingUrl, body, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var etag = created.Headers.ETag!;

        var answers = await Task.WhenAll(
            SendAsync(tenant.Admin, HttpMethod.Put, invoice.MarkingUrl, etag, new { fields = new[] { new { field = "Total", value = "2.00" } } }),
            SendAsync(tenant.Admin, HttpMethod.Put, invoice.MarkingUrl, etag, new { fields = new[] { new { field = "Total", value = "3.00" } } }));

        answers.Select(a => a.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
        await (await SendAsync(tenant.Admin, HttpMethod.Delete, invoice.MarkingUrl, etag, null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await tenant.Admin.EventsAsync("codes=11000,11001")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task Another_tenants_images_schemes_and_markings_are_not_found()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var mine = await server.CreateInvoiceAsync(other);
        (await tenant.Admin.PutAsJsonAsync(invoice.MarkingUrl, new { fields = new[] { new { field = "Total", value = "1" } } }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = new { fields = new[] { new { field = "Total", value = "2" } } };

        await (await other.Admin.GetAsync(invoice.MarkingUrl, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.PutAsJsonAsync(invoice.MarkingUrl, body, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.DeleteAsync(invoice.MarkingUrl, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.GetAsync($"/api/v1/images/{invoice.ImageId}/markings", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.GetAsync($"/api/v1/marking-schemes/{invoice.SchemeId}/markings", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // Their own image under the first tenant's scheme, and the reverse: one side is always missing.
        await (await other.Admin.PutAsJsonAsync($"/api/v1/images/{mine.ImageId}/markings/{invoice.SchemeId}", body, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Admin.PutAsJsonAsync($"/api/v1/images/{invoice.ImageId}/markings/{mine.SchemeId}", body, Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await other.Admin.EventsAsync("codes=11000,11001")).Length.ShouldBe(0);
    }

    [Fact]
    public async Task An_image_and_a_scheme_of_different_projects_are_refused()
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var elsewhere = await server.AddImageAsync(await tenant.Admin.CreateProjectAsync());

        var response = await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{elsewhere}/markings/{invoice.SchemeId}",
            new { fields = new[] { new { field = "Total", value = "1" } } }, Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("schemeId").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_classifier_marking_names_one_of_the_schemes_document_types()
    {
        var tenant = await server.CreateTenantAsync();
        var projectId = await tenant.Admin.CreateProjectAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(projectId, new { name = "Kinds", kind = "Classifier", fields = new[] { new { name = "Счёт" }, new { name = "Накладная" } } });
        var imageId = await server.AddImageAsync(projectId);
        var url = $"/api/v1/images/{imageId}/markings/{scheme.GetProperty("id").GetGuid()}";

        var unknown = await tenant.Admin.PutAsJsonAsync(url, new { documentType = "Receipt" }, Cancellation);
        var missing = await tenant.Admin.PutAsJsonAsync(url, new { }, Cancellation);
        var withFields = await tenant.Admin.PutAsJsonAsync(url, new { documentType = "Счёт", fields = new[] { new { field = "Счёт", value = "x" } } }, Cancellation);
        var marked = await tenant.Admin.PutAsJsonAsync(url, new { documentType = "накладная" }, Cancellation);

        (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("documentType").GetArrayLength().ShouldBe(1);
        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("documentType").GetArrayLength().ShouldBe(1);
        (await withFields.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("fields").GetArrayLength().ShouldBe(1);
        marked.StatusCode.ShouldBe(HttpStatusCode.Created, await marked.Content.ReadAsStringAsync(Cancellation));
        var marking = await marked.ReadJsonAsync();
        marking.GetProperty("documentType").GetString().ShouldBe("Накладная");
        marking.GetProperty("documentTypeId").GetGuid().ShouldBe(scheme.FieldId("Накладная"));
        marking.GetProperty("fields").GetArrayLength().ShouldBe(0);
    }

    /// <summary>(case, body, the member errors must name). The invoice page is 1000×1400 pixels.</summary>
    public static TheoryData<string, string, string> BadMarkings => new()
    {
        { "unknown field", """{"fields": [{"field": "Totl", "value": "1"}, {"field": "Total", "value": "1"}]}""", "fields[0].field" },
        { "unknown column", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "rows": [{"cells": [{"column": "Name", "value": "a"}, {"column": "Price", "value": "1"}]}]}]}""", "fields[1].rows[0].cells[1].column" },
        { "column given twice", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "rows": [{"cells": [{"column": "Name", "value": "a"}, {"column": "NAME", "value": "b"}]}]}]}""", "fields[1].rows[0].cells[1].column" },
        { "required column missing", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "rows": [{"cells": [{"column": "Qty", "value": "1"}]}]}]}""", "fields[1].rows[0].cells" },
        { "box past the right edge", """{"fields": [{"field": "Total", "value": "1", "boxes": [{"x": 950, "y": 0, "width": 51, "height": 10}]}]}""", "fields[0].boxes[0]" },
        { "box past the bottom edge", """{"fields": [{"field": "Total", "value": "1", "boxes": [{"x": 0, "y": 1399, "width": 5, "height": 2}]}]}""", "fields[0].boxes[0]" },
        { "box at negative x", """{"fields": [{"field": "Total", "value": "1", "boxes": [{"x": -1, "y": 0, "width": 5, "height": 5}]}]}""", "fields[0].boxes[0]" },
        { "box of zero width", """{"fields": [{"field": "Total", "value": "1", "boxes": [{"x": 1, "y": 1, "width": 0, "height": 5}]}]}""", "fields[0].boxes[0]" },
        { "box that overflows int", """{"fields": [{"field": "Total", "value": "1", "boxes": [{"x": 2147483647, "y": 0, "width": 2147483647, "height": 5}]}]}""", "fields[0].boxes[0]" },
        { "cell box outside the page", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "rows": [{"cells": [{"column": "Name", "value": "a", "boxes": [{"x": 0, "y": 0, "width": 5000, "height": 5}]}]}]}]}""", "fields[1].rows[0].cells[0].boxes[0]" },
        { "number with a comma", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "rows": [{"cells": [{"column": "Name", "value": "a"}, {"column": "Qty", "value": "1,5"}]}]}]}""", "fields[1].rows[0].cells[1].value" },
        { "money with three decimals", """{"fields": [{"field": "Total", "value": "12.505"}]}""", "fields[0].value" },
        { "money with a lowercase currency", """{"fields": [{"field": "Total", "value": "12.50 rub"}]}""", "fields[0].value" },
        { "money with a symbol", """{"fields": [{"field": "Total", "value": "$12.50"}]}""", "fields[0].value" },
        { "date not ISO", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Date", "value": "31.03.2025"}]}""", "fields[1].value" },
        { "date that does not exist", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Date", "value": "2025-02-30"}]}""", "fields[1].value" },
        { "boolean as yes", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Paid", "value": "yes"}]}""", "fields[1].value" },
        { "format pattern mismatch", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Number", "value": "INV-12a"}]}""", "fields[1].value" },
        { "required field missing", """{"fields": [{"field": "Date", "value": "2025-01-01"}]}""", "fields" },
        { "required field empty", """{"fields": [{"field": "Total", "value": "  "}]}""", "fields[0].value" },
        { "rows on a non-table field", """{"fields": [{"field": "Total", "value": "1", "rows": []}]}""", "fields[0].rows" },
        { "value on a table field", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "value": "x"}]}""", "fields[1].value" },
        { "field given twice", """{"fields": [{"field": "Total", "value": "1"}, {"field": "total", "value": "2"}]}""", "fields[1].field" },
        { "document type on an extraction scheme", """{"fields": [{"field": "Total", "value": "1"}], "documentType": "Invoice"}""", "documentType" },
        { "line break in a one-line field", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Number", "value": "INV-1\nINV-2"}]}""", "fields[1].value" },
        { "control character in a value", """{"fields": [{"field": "Total", "value": "1"}, {"field": "Note", "value": "a\u0007b"}]}""", "fields[1].value" },
        { "4001-character value", $$"""{"fields": [{"field": "Total", "value": "1"}, {"field": "Note", "value": "{{new string('v', 4001)}}"}]}""", "fields[1].value" },
        { "101 boxes", $$"""{"fields": [{"field": "Total", "value": "1", "boxes": [{{string.Join(",", Enumerable.Repeat("""{"x": 0, "y": 0, "width": 1, "height": 1}""", 101))}}]}]}""", "fields[0].boxes" },
        { "1001 rows", $$"""{"fields": [{"field": "Total", "value": "1"}, {"field": "Items", "rows": [{{string.Join(",", Enumerable.Repeat("""{"cells": [{"column": "Name", "value": "a"}]}""", 1001))}}]}]}""", "fields[1].rows" },
        { "null entry", """{"fields": [{"field": "Total", "value": "1"}, null]}""", "fields[1]" },
    };

    [Theory]
    [MemberData(nameof(BadMarkings))]
    public async Task A_bad_marking_is_refused_with_the_member_named_and_changes_nothing(string @case, string body, string member)
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await tenant.Admin.PutAsync(invoice.MarkingUrl, content, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(member, out _).ShouldBeTrue(@case + ": " + problem.GetRawText());
        await (await tenant.Admin.GetAsync(invoice.MarkingUrl, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await tenant.Admin.EventsAsync("codes=11000")).Length.ShouldBe(0, @case);
    }

    [Fact]
    public async Task The_marking_areas_image_removal_handler_stages_each_markings_removal_with_its_MarkingRemoved()
    {
        var tenant = await server.CreateTenantAsync();
        var invoice = await server.CreateInvoiceAsync(tenant);
        var second = await tenant.Admin.CreateSchemeAsync(invoice.ProjectId, new { name = "Stamp", fields = new[] { new { name = "Seal" } } });
        (await tenant.Admin.PutAsJsonAsync(invoice.MarkingUrl, new { fields = new[] { new { field = "Total", value = "1" } } }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/images/{invoice.ImageId}/markings/{second.GetProperty("id").GetGuid()}",
            new { fields = new[] { new { field = "Seal", value = "round" } } }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var image = await db.Images.AsNoTracking().SingleAsync(i => i.Id == invoice.ImageId, Cancellation);
            // Resolved as the image service resolves it: the handlers registered for image removals.
            var handler = scope.ServiceProvider.GetServices<IImageRemovalHandler>().OfType<MarkingService>().Single();
            await handler.ImageRemovingAsync(new ImageRemoved(image.Id, image.TenantId, image.ProjectId, image.Name), Cancellation);
            (await db.Markings.CountAsync(m => m.ImageId == invoice.ImageId, Cancellation)).ShouldBe(2, "staged, not saved");
            await db.SaveChangesAsync(Cancellation);
        }

        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/images/{invoice.ImageId}/markings", Cancellation)).GetArrayLength().ShouldBe(0);
        var removed = await tenant.Admin.EventsAsync("codes=11001");
        removed.Length.ShouldBe(2);
        removed.ShouldAllBe(e => e.GetProperty("data").GetProperty("imageId").GetGuid() == invoice.ImageId);
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
