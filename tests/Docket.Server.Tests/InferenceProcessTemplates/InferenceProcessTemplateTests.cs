using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Docket.Server.Tests.ModelTemplates;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.InferenceProcessTemplates;

/// <summary>
/// Inference templates through the API: the model by a pinned version or a followed tag, the scheme and extensions
/// checked, the events with their data, tenants kept apart, the ETag, and the removals they refuse.
/// </summary>
[Trait("Category", "Fast")]
public sealed class InferenceProcessTemplateTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string Route = "/api/v1/inference-process-templates";
    private static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Bad bodies: (case, JSON fields merged over a valid body naming version 1 of a model tagged production, field the errors name).</summary>
    public static TheoryData<string, string, string> BadFields => new()
    {
        { "no name", """{"name": " "}""", "name" },
        { "a description too long", $$"""{"description": "{{new string('d', 4001)}}"}""", "description" },
        { "both version and tag", """{"modelTag": "production"}""", "modelVersion" },
        { "neither version nor tag", """{"modelVersion": null}""", "modelVersion" },
        { "version 0", """{"modelVersion": 0}""", "modelVersion" },
        { "a version the model lacks", """{"modelVersion": 9}""", "modelVersion" },
        { "a tag the model lacks", """{"modelVersion": null, "modelTag": "staging"}""", "modelTag" },
        { "an empty tag", """{"modelVersion": null, "modelTag": " "}""", "modelTag" },
        { "an unknown model", $$"""{"modelId": "{{Guid.NewGuid()}}"}""", "modelId" },
        { "an unknown scheme", $$"""{"markingSchemeId": "{{Guid.NewGuid()}}"}""", "markingSchemeId" },
        { "an extension not known", """{"allowedExtensions": [".png", "gif"]}""", "allowedExtensions" },
        { "an extension with a slash", """{"allowedExtensions": ["png/../x"]}""", "allowedExtensions" },
        { "no extensions", """{"allowedExtensions": []}""", "allowedExtensions" },
    };

    [Fact]
    public async Task Create_update_and_delete_record_300_301_and_302_with_the_template_as_their_data()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("InferenceProcessTemplate", ["View", "Create", "Edit", "Delete"]));
        var (modelId, schemeId) = await ServedModelAsync(tenant);

        var created = await client.PostAsJsonAsync(Route, new
        {
            name = "Invoices", modelId, modelTag = "production", markingSchemeId = schemeId, allowedExtensions = new[] { "PNG", ".pdf", "png", " .TIFF " },
        }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var template = await created.ReadJsonAsync();
        var id = template.GetProperty("id").GetGuid();
        var listed = await client.GetFromJsonAsync<JsonElement>($"{Route}?modelId={modelId}", Cancellation);
        var updated = await client.PutAsJsonAsync($"{Route}/{id}", new
        {
            name = "Invoices v2", description = "pinned", modelId, modelVersion = 2, markingSchemeId = schemeId,
            orientationDetection = true, lineRemoval = true, tableHeaderParsing = true,
        }, Cancellation);
        var deleted = await client.DeleteAsync($"{Route}/{id}", Cancellation);

        created.Headers.Location!.OriginalString.ShouldBe($"{Route}/{id}");
        template.GetProperty("allowedExtensions").EnumerateArray().Select(e => e.GetString()).ShouldBe([".png", ".pdf", ".tiff"]);
        template.GetProperty("modelTag").GetString().ShouldBe("production");
        template.GetProperty("modelVersion").ValueKind.ShouldBe(JsonValueKind.Null);
        template.GetProperty("orientationDetection").GetBoolean().ShouldBeFalse();
        listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ShouldBe([id]);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        var changed = await updated.ReadJsonAsync();
        changed.GetProperty("modelVersion").GetInt32().ShouldBe(2);
        changed.GetProperty("modelTag").ValueKind.ShouldBe(JsonValueKind.Null);
        changed.GetProperty("allowedExtensions").EnumerateArray().Select(e => e.GetString()).ShouldBe([".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"]);
        changed.GetProperty("orientationDetection").GetBoolean().ShouldBeTrue();
        changed.GetProperty("lineRemoval").GetBoolean().ShouldBeTrue();
        changed.GetProperty("tableHeaderParsing").GetBoolean().ShouldBeTrue();
        updated.Headers.ETag!.Tag.ShouldBe(changed.GetProperty("eTag").GetString());
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{Route}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([300, 301, 302]);
        events.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "InferenceProcessTemplate"
            && e.GetProperty("userId").GetGuid() == userId && e.GetProperty("tenantId").GetGuid() == tenant.Id);
        events[0].GetProperty("data").GetProperty("modelTag").GetString().ShouldBe("production");
        events[0].GetProperty("data").GetProperty("markingSchemeId").GetGuid().ShouldBe(schemeId);
        events[1].GetProperty("data").GetProperty("name").GetString().ShouldBe("Invoices v2");
        events[1].GetProperty("data").GetProperty("modelVersion").GetInt32().ShouldBe(2);
        events[1].GetProperty("data").GetProperty("tableHeaderParsing").GetBoolean().ShouldBeTrue();
        events[2].GetProperty("data").GetProperty("id").GetGuid().ShouldBe(id);
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_refused_with_400_naming_it_and_records_nothing(string @case, string fields, string field)
    {
        var tenant = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var body = JsonSerializer.SerializeToNode(new { name = "Bad", modelId, modelVersion = 1, markingSchemeId = schemeId })!.AsObject();
        foreach (var property in JsonDocument.Parse(fields).RootElement.EnumerateObject())
        {
            body[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        var response = await tenant.Admin.PostAsync(Route, JsonContent.Create(body), Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1, @case);
        (await tenant.Admin.EventsAsync("codes=300")).ShouldBeEmpty(@case);
    }

    [Fact]
    public async Task A_template_keeps_the_tag_not_the_version_it_named_so_a_tag_that_moves_is_followed()
    {
        var tenant = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var body = new { name = "Follows production", modelId, modelTag = "production", markingSchemeId = schemeId };
        var created = await tenant.Admin.PostAsJsonAsync(Route, body, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));

        var moved = await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{modelId}/tags/production", new { version = 2 }, Cancellation);
        var template = await tenant.Admin.GetFromJsonAsync<JsonElement>(created.Headers.Location, Cancellation);
        var resolved = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{modelId}/tags/{template.GetProperty("modelTag").GetString()}", Cancellation);
        using var resave = new HttpRequestMessage(HttpMethod.Put, created.Headers.Location) { Content = JsonContent.Create(body) };
        resave.Headers.IfMatch.Add(created.Headers.ETag!);
        var saved = await tenant.Admin.SendAsync(resave, Cancellation);

        moved.StatusCode.ShouldBe(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(Cancellation));
        template.GetProperty("modelTag").GetString().ShouldBe("production");
        template.GetProperty("modelVersion").ValueKind.ShouldBe(JsonValueKind.Null);
        resolved.GetProperty("number").GetInt32().ShouldBe(2);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Cancellation));
        (await saved.ReadJsonAsync()).GetProperty("modelTag").GetString().ShouldBe("production");
    }

    [Fact]
    public async Task Another_tenants_templates_are_missing_and_its_model_or_scheme_cannot_be_named()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var (theirModel, theirScheme) = await ServedModelAsync(other);
        var created = await tenant.Admin.PostAsJsonAsync(Route, new { name = "Ours", modelId, modelVersion = 1, markingSchemeId = schemeId }, Cancellation);
        var location = created.Headers.Location!;

        var foreignModel = await tenant.Admin.PostAsJsonAsync(Route, new { name = "Theirs", modelId = theirModel, modelVersion = 1, markingSchemeId = schemeId }, Cancellation);
        var foreignScheme = await tenant.Admin.PostAsJsonAsync(Route, new { name = "Theirs", modelId, modelVersion = 1, markingSchemeId = theirScheme }, Cancellation);
        var get = await other.Admin.GetAsync(location, Cancellation);
        var put = await other.Admin.PutAsJsonAsync(location, new { name = "Taken", modelId = theirModel, modelVersion = 1, markingSchemeId = theirScheme }, Cancellation);
        var delete = await other.Admin.DeleteAsync(location, Cancellation);
        var list = await other.Admin.GetFromJsonAsync<JsonElement>(Route, Cancellation);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await foreignModel.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("modelId").GetArrayLength().ShouldBe(1);
        (await foreignScheme.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("markingSchemeId").GetArrayLength().ShouldBe(1);
        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await put.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        list.GetProperty("items").GetArrayLength().ShouldBe(0);
        (await tenant.Admin.GetAsync(location, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_name_is_unique_in_a_tenant_and_a_stale_ETag_is_refused_with_412()
    {
        var tenant = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var body = new { name = "Once", modelId, modelVersion = 1, markingSchemeId = schemeId };
        var created = await tenant.Admin.PostAsJsonAsync(Route, body, Cancellation);
        var again = await tenant.Admin.PostAsJsonAsync(Route, body with { name = " once " }, Cancellation);
        var first = await tenant.Admin.PutAsJsonAsync(created.Headers.Location, body with { name = "Twice" }, Cancellation);

        using var stalePut = new HttpRequestMessage(HttpMethod.Put, created.Headers.Location) { Content = JsonContent.Create(body with { name = "Lost" }) };
        stalePut.Headers.IfMatch.Add(created.Headers.ETag!);
        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, created.Headers.Location);
        staleDelete.Headers.IfMatch.Add(created.Headers.ETag!);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await tenant.Admin.SendAsync(stalePut, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await tenant.Admin.SendAsync(staleDelete, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>(created.Headers.Location, Cancellation)).GetProperty("name").GetString().ShouldBe("Twice");
        (await tenant.Admin.EventsAsync("codes=301")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_model_or_marking_scheme_an_inference_template_uses_cannot_be_removed()
    {
        var tenant = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var created = await tenant.Admin.PostAsJsonAsync(Route, new { name = "Uses them", modelId, modelTag = "production", markingSchemeId = schemeId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var model = await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}", Cancellation);
        var scheme = await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{schemeId}", Cancellation);

        (await model.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("inference templates");
        (await scheme.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("inference templates");
        (await tenant.Admin.EventsAsync("codes=14002")).ShouldBeEmpty();
        (await tenant.Admin.DeleteAsync(created.Headers.Location!.OriginalString, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{schemeId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_version_an_inference_template_pins_cannot_be_removed_and_the_409_names_the_template()
    {
        var tenant = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var created = await tenant.Admin.PostAsJsonAsync(Route, new { name = "Pins two", modelId, modelVersion = 2, markingSchemeId = schemeId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));

        var refused = await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}/versions/2", Cancellation);

        var detail = (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!;
        detail.ShouldContain("'Pins two'");
        detail.ShouldContain("Version 2");
        (await tenant.Admin.GetAsync($"/api/v1/models/{modelId}/versions/2", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.EventsAsync($"entityId={modelId}&codes=14001")).Length.ShouldBe(3);
        (await tenant.Admin.DeleteAsync(created.Headers.Location!.OriginalString, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}/versions/2", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_tag_an_inference_template_follows_cannot_be_removed_alone_or_with_its_version()
    {
        var tenant = await server.CreateTenantAsync();
        var (modelId, schemeId) = await ServedModelAsync(tenant);
        var created = await tenant.Admin.PostAsJsonAsync(Route, new { name = "Follows production", modelId, modelTag = "production", markingSchemeId = schemeId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{modelId}/tags/staging", new { version = 2 }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var tag = await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}/tags/production", Cancellation);
        var version = await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}/versions/1", Cancellation);
        var unfollowedTag = await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}/tags/staging", Cancellation);
        var unpinnedVersion = await tenant.Admin.DeleteAsync($"/api/v1/models/{modelId}/versions/2", Cancellation);

        var tagDetail = (await tag.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!;
        tagDetail.ShouldContain("'production'");
        tagDetail.ShouldContain("'Follows production'");
        var versionDetail = (await version.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!;
        versionDetail.ShouldContain("'production'");
        versionDetail.ShouldContain("'Follows production'");
        unfollowedTag.StatusCode.ShouldBe(HttpStatusCode.OK, await unfollowedTag.Content.ReadAsStringAsync(Cancellation));
        unpinnedVersion.StatusCode.ShouldBe(HttpStatusCode.NoContent, await unpinnedVersion.Content.ReadAsStringAsync(Cancellation));
        var model = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{modelId}", Cancellation);
        model.GetProperty("tags").GetProperty("production").GetInt32().ShouldBe(1);
        model.GetProperty("latestVersion").GetInt32().ShouldBe(1);
    }

    /// <summary>A model of the tenant with versions 1 and 2 and the tag production on 1, and a marking scheme of the tenant.</summary>
    private static async Task<(Guid ModelId, Guid SchemeId)> ServedModelAsync(TestTenant tenant)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name = "model-" + Guid.NewGuid().ToString("N")[..8], modelTypeId = FieldExtraction }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var modelId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        foreach (var seed in new[] { "v1", "v2" })
        {
            var version = await tenant.Admin.PostAsync($"/api/v1/models/{modelId}/versions", TestPackages.Content(TestPackages.Zip(seed + modelId)), Cancellation);
            version.StatusCode.ShouldBe(HttpStatusCode.Created, await version.Content.ReadAsStringAsync(Cancellation));
        }

        var tagged = await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{modelId}/tags/production", new { version = 1 }, Cancellation);
        tagged.StatusCode.ShouldBe(HttpStatusCode.OK, await tagged.Content.ReadAsStringAsync(Cancellation));
        var scheme = await tenant.Admin.CreateSchemeAsync(await tenant.Admin.CreateProjectAsync());
        return (modelId, scheme.GetProperty("id").GetGuid());
    }
}
