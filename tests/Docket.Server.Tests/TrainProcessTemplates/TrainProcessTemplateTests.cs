using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.TrainProcessTemplates;

/// <summary>Training templates through the API: defaults, ranges, references checked through their areas, events, removal checks.</summary>
[Trait("Category", "Fast")]
public sealed class TrainProcessTemplateTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static readonly Guid FieldExtraction = Guid.Parse("00000000-0000-7000-8001-000000000001");
    private static readonly Guid Classification = Guid.Parse("00000000-0000-7000-8001-000000000002");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Recipes out of range: (case, JSON fields merged over a valid body, field the errors name).</summary>
    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { "no workers", """{"workers": 0}""", "workers" },
        { "too many workers", """{"workers": 65}""", "workers" },
        { "no batch", """{"batchSize": 0}""", "batchSize" },
        { "no iterations", """{"iterations": 0}""", "iterations" },
        { "zero learning rate", """{"learningRate": 0}""", "learningRate" },
        { "learning rate above 1", """{"learningRate": 1.5}""", "learningRate" },
        { "a run of seconds", """{"maxRunTime": "00:00:30"}""", "maxRunTime" },
        { "a run of a year", """{"maxRunTime": "365.00:00:00"}""", "maxRunTime" },
        { "an extension with a slash", """{"allowedExtensions": ["png/../x"]}""", "allowedExtensions" },
        { "no extensions", """{"allowedExtensions": []}""", "allowedExtensions" },
    };

    [Fact]
    public async Task Create_update_and_delete_record_16000_16001_and_16002_with_defaults_filled_in()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("TrainProcessTemplate", ["View", "Create", "Edit", "Delete"]));
        var modelTemplate = await ModelTemplateAsync(tenant, FieldExtraction);

        var created = await client.PostAsJsonAsync("/api/v1/train-process-templates",
            new { name = "Nightly", modelTypeId = FieldExtraction, modelTemplateId = modelTemplate, allowedExtensions = new[] { "PNG", ".pdf", "png" } }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var template = await created.ReadJsonAsync();
        var id = template.GetProperty("id").GetGuid();
        var updated = await client.PutAsJsonAsync($"/api/v1/train-process-templates/{id}", new
        {
            name = "Nightly GPU", modelTypeId = FieldExtraction, modelTemplateId = modelTemplate, augmentation = true, workers = 4, batchSize = 32,
            iterations = 5000, learningRate = 0.0005, device = "Gpu", maxRunTime = "06:00:00",
        }, Cancellation);
        var deleted = await client.DeleteAsync($"/api/v1/train-process-templates/{id}", Cancellation);

        template.GetProperty("allowedExtensions").EnumerateArray().Select(e => e.GetString()).ShouldBe([".png", ".pdf"]);
        template.GetProperty("workers").GetInt32().ShouldBe(1);
        template.GetProperty("device").GetString().ShouldBe("Cpu");
        template.GetProperty("maxRunTime").GetString().ShouldBe("1.00:00:00");
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        var changed = await updated.ReadJsonAsync();
        changed.GetProperty("device").GetString().ShouldBe("Gpu");
        changed.GetProperty("maxRunTime").GetString().ShouldBe("06:00:00");
        changed.GetProperty("allowedExtensions").GetArrayLength().ShouldBe(6);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([16000, 16001, 16002]);
        events.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "TrainProcessTemplate" && e.GetProperty("userId").GetGuid() == userId);
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task A_recipe_out_of_range_is_refused_with_400_naming_the_field(string @case, string fields, string field)
    {
        var tenant = await server.CreateTenantAsync();
        var body = JsonSerializer.SerializeToNode(new { name = "Bad", modelTypeId = FieldExtraction, modelTemplateId = await ModelTemplateAsync(tenant, FieldExtraction) })!.AsObject();
        foreach (var (key, value) in JsonDocument.Parse(fields).RootElement.EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            body[key] = System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText());
        }

        var response = await tenant.Admin.PostAsync("/api/v1/train-process-templates", JsonContent.Create(body), Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1, @case);
        (await tenant.Admin.EventsAsync("codes=16000")).ShouldBeEmpty(@case);
    }

    [Fact]
    public async Task The_model_template_must_be_the_tenants_and_of_the_same_model_type()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var classifier = await ModelTemplateAsync(tenant, Classification);
        var theirs = await ModelTemplateAsync(other, FieldExtraction);

        var otherType = await tenant.Admin.PostAsJsonAsync("/api/v1/train-process-templates",
            new { name = "Mixed", modelTypeId = FieldExtraction, modelTemplateId = classifier }, Cancellation);
        var otherTenant = await tenant.Admin.PostAsJsonAsync("/api/v1/train-process-templates",
            new { name = "Foreign", modelTypeId = FieldExtraction, modelTemplateId = theirs }, Cancellation);

        (await otherType.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("modelTemplateId").GetArrayLength().ShouldBe(1);
        (await otherTenant.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("modelTemplateId").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_model_template_or_model_type_a_training_template_uses_cannot_be_removed()
    {
        var tenant = await server.CreateTenantAsync();
        var type = (await (await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = "Receipts", purpose = "FieldExtraction" }, Cancellation)).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var modelTemplate = await ModelTemplateAsync(tenant, type);
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/train-process-templates", new { name = "Uses it", modelTypeId = type, modelTemplateId = modelTemplate }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var template = await tenant.Admin.DeleteAsync($"/api/v1/model-templates/{modelTemplate}", Cancellation);

        (await template.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("training templates");
        (await tenant.Admin.DeleteAsync(created.Headers.Location!.OriginalString, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/model-templates/{modelTemplate}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/model-types/{type}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private static async Task<Guid> ModelTemplateAsync(TestTenant tenant, Guid modelTypeId)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name = "base-" + Guid.NewGuid().ToString("N")[..8], modelTypeId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
