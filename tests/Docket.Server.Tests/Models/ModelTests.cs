using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.DataSets;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.ModelTemplates;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Models;

/// <summary>
/// Models through the API: versions numbered and checked like any package, tags that move, what made a version, what
/// each change records, and the ETag that keeps two changes of one model from crossing.
/// </summary>
[Trait("Category", "Fast")]
public sealed class ModelTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Versions_and_tags_record_ModelUpdated_and_removal_records_ModelRemoved()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("Model", ["View", "Create", "Edit", "Delete"]));
        var created = await client.PostAsJsonAsync("/api/v1/models", new { name = "Invoices", modelTypeId = FieldExtraction }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var first = TestPackages.Zip("v1");
        var second = TestPackages.Zip("v2");

        var v1 = await client.PostAsync($"/api/v1/models/{id}/versions", TestPackages.Content(first), Cancellation);
        var v2 = await client.PostAsync($"/api/v1/models/{id}/versions", TestPackages.Content(second), Cancellation);
        var tagged = await client.PutAsJsonAsync($"/api/v1/models/{id}/tags/production", new { version = 1 }, Cancellation);
        var moved = await client.PutAsJsonAsync($"/api/v1/models/{id}/tags/production", new { version = 2 }, Cancellation);
        var production = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}/tags/production", Cancellation);
        var download = await client.GetAsync($"/api/v1/models/{id}/versions/2/package", Cancellation);
        var downloaded = await download.Content.ReadAsByteArrayAsync(Cancellation);
        var deleted = await client.DeleteAsync($"/api/v1/models/{id}", Cancellation);

        v1.StatusCode.ShouldBe(HttpStatusCode.Created, await v1.Content.ReadAsStringAsync(Cancellation));
        v2.StatusCode.ShouldBe(HttpStatusCode.Created);
        v2.Headers.Location!.OriginalString.ShouldBe($"/api/v1/models/{id}/versions/2");
        var version2 = await v2.ReadJsonAsync();
        version2.GetProperty("number").GetInt32().ShouldBe(2);
        version2.GetProperty("package").GetProperty("sha256").GetString().ShouldBe(TestPackages.Sha256(second));
        version2.GetProperty("package").GetProperty("size").GetInt64().ShouldBe(second.Length);
        (await tagged.ReadJsonAsync()).GetProperty("tags").GetProperty("production").GetInt32().ShouldBe(1);
        var model = await moved.ReadJsonAsync();
        model.GetProperty("tags").GetProperty("production").GetInt32().ShouldBe(2);
        model.GetProperty("latestVersion").GetInt32().ShouldBe(2);
        production.GetProperty("number").GetInt32().ShouldBe(2);
        production.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["production"]);
        download.Headers.ETag!.Tag.ShouldBe($"\"{TestPackages.Sha256(second)}\"");
        downloaded.ShouldBe(second);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/models/{id}/versions/1", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([14000, 14001, 14001, 14001, 14001, 14003, 14002]);
        events[2].GetProperty("data").GetProperty("change").GetProperty("version").GetProperty("package").GetProperty("sha256").GetString()
            .ShouldBe(TestPackages.Sha256(second));
        events[4].GetProperty("data").GetProperty("change").GetProperty("movedFrom").GetInt32().ShouldBe(1);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Model");
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
        }
    }

    [Fact]
    public async Task A_version_records_the_template_dataset_version_training_template_and_metrics_that_made_it()
    {
        var tenant = await server.CreateTenantAsync();
        var template = await (await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name = "Base", modelTypeId = FieldExtraction }, Cancellation)).ReadJsonAsync();
        var project = await server.MarkedProjectAsync(tenant, 2);
        var dataSet = await (await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = "Training", schemeId = project.SchemeId }, Cancellation)).ReadJsonAsync();
        var id = await CreateModelAsync(tenant, "Receipts");
        var trainTemplate = (await (await tenant.Admin.PostAsJsonAsync("/api/v1/train-process-templates",
            new { name = "Nightly", modelTypeId = FieldExtraction, modelTemplateId = template.GetProperty("id").GetGuid() }, Cancellation)).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var metrics = Uri.EscapeDataString("""{"accuracy": 0.93, "loss": 0.21}""");

        var uploaded = await tenant.Admin.PostAsync(
            $"/api/v1/models/{id}/versions?modelTemplateId={template.GetProperty("id").GetGuid()}&dataSetId={dataSet.GetProperty("id").GetGuid()}"
            + $"&dataSetVersion=1&trainProcessTemplateId={trainTemplate}&metrics={metrics}&description=first%20run",
            TestPackages.Content(TestPackages.Zip("origin")), Cancellation);

        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(Cancellation));
        var version = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}/versions/1", Cancellation);
        version.GetProperty("modelTemplateId").GetGuid().ShouldBe(template.GetProperty("id").GetGuid());
        version.GetProperty("dataSetId").GetGuid().ShouldBe(dataSet.GetProperty("id").GetGuid());
        version.GetProperty("dataSetVersion").GetInt32().ShouldBe(1);
        version.GetProperty("dataSetVersionId").GetGuid().ShouldNotBe(Guid.Empty);
        version.GetProperty("trainProcessTemplateId").GetGuid().ShouldBe(trainTemplate);
        version.GetProperty("metrics").GetProperty("accuracy").GetDouble().ShouldBe(0.93);
        version.GetProperty("metrics").GetProperty("loss").GetDouble().ShouldBe(0.21);
        version.GetProperty("description").GetString().ShouldBe("first run");
    }

    /// <summary>Origins that must be refused before the package is read: (case, query string, field the errors name).</summary>
    public static TheoryData<string, string, string> BadOrigins => new()
    {
        { "metrics not JSON", "metrics=accuracy%3D0.9", "metrics" },
        { "metrics not numbers", "metrics=" + Uri.EscapeDataString("""{"accuracy": "high"}"""), "metrics" },
        { "metrics an array", "metrics=" + Uri.EscapeDataString("[0.9]"), "metrics" },
        { "dataset without its version", $"dataSetId={Guid.NewGuid()}", "dataSetVersion" },
        { "unknown dataset", $"dataSetId={Guid.NewGuid()}&dataSetVersion=1", "dataSetVersion" },
        { "unknown model template", $"modelTemplateId={Guid.NewGuid()}", "modelTemplateId" },
        { "unknown training template", $"trainProcessTemplateId={Guid.NewGuid()}", "trainProcessTemplateId" },
    };

    [Theory]
    [MemberData(nameof(BadOrigins))]
    public async Task A_bad_origin_is_refused_with_400_and_keeps_nothing(string @case, string query, string field)
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateModelAsync(tenant, "Refused");
        var package = TestPackages.Zip("bad-origin-" + @case);

        var response = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions?{query}", TestPackages.Content(package), Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1, @case);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}/versions", Cancellation)).GetArrayLength().ShouldBe(0, @case);
        server.App.Services.GetRequiredService<IBlobStore>().PathOf(TestPackages.Sha256(package)).ShouldBeNull(@case);
    }

    [Fact]
    public async Task Another_tenants_model_template_or_dataset_cannot_be_named_as_the_origin()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var theirTemplate = await (await other.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name = "Theirs", modelTypeId = FieldExtraction }, Cancellation)).ReadJsonAsync();
        var theirProject = await server.MarkedProjectAsync(other, 1);
        var theirDataSet = await (await other.Admin.PostAsJsonAsync($"/api/v1/projects/{theirProject.ProjectId}/data-sets",
            new { name = "Theirs", schemeId = theirProject.SchemeId }, Cancellation)).ReadJsonAsync();
        var id = await CreateModelAsync(tenant, "Mine");

        var template = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions?modelTemplateId={theirTemplate.GetProperty("id").GetGuid()}",
            TestPackages.Content(TestPackages.Zip("theirs-1")), Cancellation);
        var dataSet = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions?dataSetId={theirDataSet.GetProperty("id").GetGuid()}&dataSetVersion=1",
            TestPackages.Content(TestPackages.Zip("theirs-2")), Cancellation);

        (await template.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("modelTemplateId").GetArrayLength().ShouldBe(1);
        (await dataSet.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("dataSetVersion").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_hostile_version_package_is_refused_with_422_and_makes_no_version()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateModelAsync(tenant, "Hostile");
        var zip = TestPackages.ZipOf(("model/weights.bin", "0"u8.ToArray()), ("../../../tmp/escaped", "x"u8.ToArray()));

        var response = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions", TestPackages.Content(zip), Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!.ShouldContain("zip-slip");
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}", Cancellation)).GetProperty("latestVersion").ValueKind.ShouldBe(JsonValueKind.Null);
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=14001")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Removing_a_version_removes_its_tags_and_its_number_is_not_given_again()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateModelAsync(tenant, "Numbers");
        await UploadAsync(tenant, id, "n1");
        await UploadAsync(tenant, id, "n2");
        (await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{id}/tags/staging", new { version = 2 }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await tenant.Admin.DeleteAsync($"/api/v1/models/{id}/versions/2", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var third = await UploadAsync(tenant, id, "n3");

        third.GetProperty("number").GetInt32().ShouldBe(3);
        var model = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}", Cancellation);
        model.GetProperty("tags").EnumerateObject().ShouldBeEmpty();
        model.GetProperty("latestVersion").GetInt32().ShouldBe(3);
        await (await tenant.Admin.GetAsync($"/api/v1/models/{id}/tags/staging", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}/versions", Cancellation))
            .EnumerateArray().Select(v => v.GetProperty("number").GetInt32()).ShouldBe([1, 3]);
    }

    [Fact]
    public async Task A_tag_must_be_a_plain_name_and_name_a_version_the_model_has()
    {
        var tenant = await server.CreateTenantAsync();
        var id = await CreateModelAsync(tenant, "Tags");
        await UploadAsync(tenant, id, "t1");

        var badName = await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{id}/tags/{Uri.EscapeDataString("prod uction")}", new { version = 1 }, Cancellation);
        var noVersion = await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{id}/tags/production", new { version = 7 }, Cancellation);

        (await badName.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("tag").GetArrayLength().ShouldBe(1);
        (await noVersion.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("version").GetArrayLength().ShouldBe(1);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}", Cancellation)).GetProperty("tags").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_change_sent_with_a_stale_ETag_is_refused_with_412_and_changes_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name = "Stale", modelTypeId = FieldExtraction }, Cancellation);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        await UploadAsync(tenant, id, "s1");

        using var tag = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/models/{id}/tags/production") { Content = JsonContent.Create(new { version = 1 }) };
        tag.Headers.IfMatch.Add(created.Headers.ETag!);
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{id}/versions") { Content = TestPackages.Content(TestPackages.Zip("s2")) };
        upload.Headers.IfMatch.Add(created.Headers.ETag!);

        await (await tenant.Admin.SendAsync(tag, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await tenant.Admin.SendAsync(upload, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var model = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{id}", Cancellation);
        model.GetProperty("latestVersion").GetInt32().ShouldBe(1);
        model.GetProperty("tags").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_model_type_with_models_cannot_be_removed_and_a_model_keeps_its_type()
    {
        var tenant = await server.CreateTenantAsync();
        var type = (await (await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Letters", purpose = "Classification" }, Cancellation)).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var id = await CreateModelAsync(tenant, "Letters", type);

        var refused = await tenant.Admin.DeleteAsync($"/api/v1/model-types/{type}", Cancellation);
        var retyped = await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{id}", new { name = "Letters", modelTypeId = FieldExtraction }, Cancellation);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("models");
        (await retyped.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("modelTypeId").GetArrayLength().ShouldBe(1);
        (await tenant.Admin.DeleteAsync($"/api/v1/models/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/model-types/{type}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private static async Task<Guid> CreateModelAsync(TestTenant tenant, string name, Guid? modelTypeId = null)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name, modelTypeId = modelTypeId ?? FieldExtraction }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> UploadAsync(TestTenant tenant, Guid id, string seed)
    {
        var response = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions", TestPackages.Content(TestPackages.Zip(seed)), Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.ReadJsonAsync();
    }
}
