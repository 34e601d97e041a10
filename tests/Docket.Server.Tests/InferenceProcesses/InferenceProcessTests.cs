using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.ModelTemplates;
using Shouldly;
using Xunit;
using static Docket.Server.Tests.InferenceProcesses.InferenceSetup;

namespace Docket.Server.Tests.InferenceProcesses;

/// <summary>
/// Inference processes through the API with no agent connected: made, changed, enabled, disabled and removed with
/// their events, references checked against the tenant, the ETag, and the starts, stops and test runs refused with
/// the reason while the agent cannot take them.
/// </summary>
[Trait("Category", "Fast")]
public sealed class InferenceProcessTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Bad bodies: (case, JSON fields merged over a valid body, field the errors name).</summary>
    public static TheoryData<string, string, string> BadFields => new()
    {
        { "no name", """{"name": " "}""", "name" },
        { "a description too long", $$"""{"description": "{{new string('d', 4001)}}"}""", "description" },
        { "an unknown agent", $$"""{"agentId": "{{Guid.NewGuid()}}"}""", "agentId" },
        { "an unknown template", $$"""{"templateId": "{{Guid.NewGuid()}}"}""", "templateId" },
        { "an unknown script", $$"""{"scriptId": "{{Guid.NewGuid()}}"}""", "scriptId" },
        { "a script without start_inference.sh", """{"scriptId": "training-only"}""", "scriptId" },
    };

    [Fact]
    public async Task Create_enable_disable_and_delete_record_200_203_202_and_201_with_the_process_as_their_data()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("InferenceProcess", ["View", "Create", "Edit", "Delete", "Manage"]));
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);

        var created = await client.PostAsJsonAsync(Route,
            new { name = "Invoices", description = "serves v1", agentId = served.AgentId, templateId = served.TemplateId, scriptId = served.ScriptId }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var process = await created.ReadJsonAsync();
        var id = process.GetProperty("id").GetGuid();
        var listed = await client.GetFromJsonAsync<JsonElement>($"{Route}?agentId={served.AgentId}", Cancellation);
        var updated = await client.PutAsJsonAsync($"{Route}/{id}",
            new { name = "Invoices v2", agentId = served.AgentId, templateId = served.TemplateId, scriptId = served.ScriptId }, Cancellation);
        var disabled = await client.PostAsync($"{Route}/{id}/disable", null, Cancellation);
        var enabled = await client.PostAsync($"{Route}/{id}/enable", null, Cancellation);
        var deleted = await client.DeleteAsync($"{Route}/{id}", Cancellation);

        created.Headers.Location!.OriginalString.ShouldBe($"{Route}/{id}");
        process.GetProperty("state").GetString().ShouldBe("Stopped");
        process.GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        process.GetProperty("lastLaunch").ValueKind.ShouldBe(JsonValueKind.Null);
        process.GetProperty("agentState").GetString().ShouldBe("Unknown");
        listed.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([id]);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancellation));
        (await updated.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("Invoices v2");
        (await disabled.ReadJsonAsync()).GetProperty("isEnabled").GetBoolean().ShouldBeFalse();
        (await enabled.ReadJsonAsync()).GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"{Route}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([200, 202, 203, 201]);
        events.ShouldAllBe(e => e.GetProperty("entityKind").GetString() == "InferenceProcess"
            && e.GetProperty("userId").GetGuid() == userId && e.GetProperty("tenantId").GetGuid() == tenant.Id);
        events[0].GetProperty("data").GetProperty("agentId").GetGuid().ShouldBe(served.AgentId);
        events[0].GetProperty("data").GetProperty("templateId").GetGuid().ShouldBe(served.TemplateId);
        events[1].GetProperty("data").GetProperty("isEnabled").GetBoolean().ShouldBeFalse();
        events[3].GetProperty("data").GetProperty("name").GetString().ShouldBe("Invoices v2");
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_refused_with_400_naming_it_and_records_nothing(string @case, string fields, string field)
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);
        var trainingOnly = await ServedAsync(tenant, TestPackages.ZipOf(("start_training.sh", Encoding.UTF8.GetBytes("#!/bin/sh\n"))), served.SchemeId, Cancellation);
        var body = JsonSerializer.SerializeToNode(new { name = "Bad", agentId = served.AgentId, templateId = served.TemplateId, scriptId = served.ScriptId })!.AsObject();
        foreach (var property in JsonDocument.Parse(fields.Replace("training-only", trainingOnly.ScriptId.ToString(), StringComparison.Ordinal)).RootElement.EnumerateObject())
        {
            body[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        var response = await tenant.Admin.PostAsync(Route, JsonContent.Create(body), Cancellation);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1, @case);
        (await tenant.Admin.EventsAsync("codes=200")).ShouldBeEmpty(@case);
    }

    [Fact]
    public async Task Another_tenants_processes_are_missing_and_its_agent_template_or_script_cannot_be_named()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var ours = await ServedAsync(tenant, cancellationToken: Cancellation);
        var theirs = await ServedAsync(other, cancellationToken: Cancellation);
        var id = await tenant.Admin.ProcessAsync(ours, cancellationToken: Cancellation);
        var location = $"{Route}/{id}";

        var foreignAgent = await tenant.Admin.PostAsJsonAsync(Route, new { name = "A", agentId = theirs.AgentId, templateId = ours.TemplateId, scriptId = ours.ScriptId }, Cancellation);
        var foreignTemplate = await tenant.Admin.PostAsJsonAsync(Route, new { name = "B", agentId = ours.AgentId, templateId = theirs.TemplateId, scriptId = ours.ScriptId }, Cancellation);
        var foreignScript = await tenant.Admin.PostAsJsonAsync(Route, new { name = "C", agentId = ours.AgentId, templateId = ours.TemplateId, scriptId = theirs.ScriptId }, Cancellation);
        var get = await other.Admin.GetAsync(location, Cancellation);
        var put = await other.Admin.PutAsJsonAsync(location, new { name = "Taken", agentId = theirs.AgentId, templateId = theirs.TemplateId, scriptId = theirs.ScriptId }, Cancellation);
        var start = await other.Admin.PostAsync($"{location}/start", null, Cancellation);
        var stop = await other.Admin.PostAsync($"{location}/stop", null, Cancellation);
        var disable = await other.Admin.PostAsync($"{location}/disable", null, Cancellation);
        var runs = await other.Admin.GetAsync($"{location}/test-runs", Cancellation);
        var delete = await other.Admin.DeleteAsync(location, Cancellation);
        var list = await other.Admin.GetFromJsonAsync<JsonElement>(Route, Cancellation);

        (await foreignAgent.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("agentId").GetArrayLength().ShouldBe(1);
        (await foreignTemplate.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("templateId").GetArrayLength().ShouldBe(1);
        (await foreignScript.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("scriptId").GetArrayLength().ShouldBe(1);
        foreach (var refused in new[] { get, put, start, stop, disable, runs, delete })
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        list.GetProperty("items").GetArrayLength().ShouldBe(0);
        var still = await tenant.Admin.GetFromJsonAsync<JsonElement>(location, Cancellation);
        still.GetProperty("isEnabled").GetBoolean().ShouldBeTrue();
        still.GetProperty("name").GetString().ShouldNotBe("Taken");
        (await tenant.Admin.EventsAsync($"entityId={id}")).Select(e => e.GetProperty("code").GetInt32()).ShouldBe([200]);
    }

    [Fact]
    public async Task A_name_is_unique_in_a_tenant_and_a_stale_ETag_is_refused_with_412()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);
        var body = new { name = "Once", agentId = served.AgentId, templateId = served.TemplateId, scriptId = served.ScriptId };
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
    }

    [Fact]
    public async Task A_disabled_process_is_not_started_stopped_or_test_run()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);
        (await tenant.Admin.PostAsync($"{Route}/{id}/disable", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var start = await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation);
        var stop = await tenant.Admin.PostAsync($"{Route}/{id}/stop", null, Cancellation);
        var run = await tenant.Admin.PostAsJsonAsync($"{Route}/{id}/test-runs", new { dataSetId = Guid.NewGuid(), version = 1 }, Cancellation);

        foreach (var refused in new[] { start, stop, run })
        {
            (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("disabled");
        }

        (await tenant.Admin.EventsAsync("codes=204,205,206,208")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_start_on_an_agent_that_is_not_connected_is_refused_with_409_and_records_208_with_the_reason()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);

        var start = await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation);
        var stop = await tenant.Admin.PostAsync($"{Route}/{id}/stop", null, Cancellation);
        var run = await tenant.Admin.PostAsJsonAsync($"{Route}/{id}/test-runs", new { dataSetId = Guid.NewGuid(), version = 1 }, Cancellation);

        (await start.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("unknown");
        (await stop.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("not running");
        (await run.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("Unknown");
        var refused = (await tenant.Admin.EventsAsync($"entityId={id}&codes=208")).ShouldHaveSingleItem();
        refused.GetProperty("text").GetString()!.ShouldContain("unknown");
        (await tenant.Admin.EventsAsync("codes=204,206")).ShouldBeEmpty();
        var process = await tenant.Admin.GetFromJsonAsync<JsonElement>($"{Route}/{id}", Cancellation);
        process.GetProperty("state").GetString().ShouldBe("Stopped");
        (await tenant.Admin.GetFromJsonAsync<JsonElement>($"{Route}/{id}/test-runs", Cancellation)).GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await tenant.Admin.GetAsync($"{Route}/{id}/test-runs/{Guid.NewGuid()}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_start_whose_template_went_missing_says_so_with_208()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);
        (await tenant.Admin.DeleteAsync($"/api/v1/inference-process-templates/{served.TemplateId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var start = await tenant.Admin.PostAsync($"{Route}/{id}/start", null, Cancellation);

        (await start.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("template was removed");
        (await tenant.Admin.EventsAsync($"entityId={id}&codes=208")).ShouldHaveSingleItem().GetProperty("text").GetString()!.ShouldContain("template");
    }

    [Fact]
    public async Task An_agent_that_processes_run_on_is_not_removed_until_they_are()
    {
        var tenant = await server.CreateTenantAsync();
        var served = await ServedAsync(tenant, cancellationToken: Cancellation);
        var id = await tenant.Admin.ProcessAsync(served, cancellationToken: Cancellation);

        var refused = await tenant.Admin.DeleteAsync($"/api/v1/agents/{served.AgentId}", Cancellation);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("Inference processes");
        (await tenant.Admin.GetAsync($"/api/v1/agents/{served.AgentId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Admin.DeleteAsync($"{Route}/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/agents/{served.AgentId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }
}
