using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Projects;

/// <summary>Projects through the API: what each change records, optimistic concurrency, unique names, paging and search.</summary>
[Trait("Category", "Fast")]
public sealed class ProjectTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_project_with_a_marking_scheme_cannot_be_removed_until_it_is()
    {
        var tenant = await server.CreateTenantAsync();
        var project = await tenant.CreateProjectAsync();
        var scheme = (await tenant.Admin.CreateSchemeAsync(project)).GetProperty("id").GetGuid();

        var refused = await (await tenant.Admin.DeleteAsync($"/api/v1/projects/{project}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        refused.GetProperty("detail").GetString().ShouldBe("The project still has images, marking schemes or datasets; remove them first.");
        (await tenant.Admin.DeleteAsync($"/api/v1/marking-schemes/{scheme}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await tenant.Admin.DeleteAsync($"/api/v1/projects/{project}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Create_update_and_delete_record_ProjectCreated_ProjectUpdated_and_ProjectRemoved_with_the_project()
    {
        var tenant = await server.CreateTenantAsync();
        var (client, userId) = await server.CreateUserWithIdAsync(tenant, ("Project", ["View", "Create", "Edit", "Delete"]));
        var login = (await (await client.GetAsync("/api/v1/auth/me", Cancellation)).ReadJsonAsync()).GetProperty("login").GetString();

        var created = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Invoices", description = "Supplier invoices" }, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var project = await created.ReadJsonAsync();
        var id = project.GetProperty("id").GetGuid();
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/projects/{id}");
        created.Headers.ETag!.Tag.ShouldBe(project.GetProperty("eTag").GetString());

        var read = await client.GetAsync($"/api/v1/projects/{id}", Cancellation);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        read.Headers.ETag!.Tag.ShouldBe(created.Headers.ETag.Tag);
        (await read.ReadJsonAsync()).GetProperty("description").GetString().ShouldBe("Supplier invoices");

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{id}")
        {
            Content = JsonContent.Create(new { name = "Invoices 2025", description = "Supplier invoices" }),
        };
        update.Headers.IfMatch.Add(created.Headers.ETag);
        var updated = await client.SendAsync(update, Cancellation);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updated.Headers.ETag!.Tag.ShouldNotBe(created.Headers.ETag.Tag);
        (await updated.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("Invoices 2025");

        (await client.DeleteAsync($"/api/v1/projects/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/projects/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var events = (await tenant.Admin.EventsAsync($"entityId={id}")).Reverse().ToArray();
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([3000, 3001, 3002]);
        events.Select(e => e.GetProperty("data").GetProperty("name").GetString()).ShouldBe(["Invoices", "Invoices 2025", "Invoices 2025"]);
        foreach (var e in events)
        {
            e.GetProperty("entityKind").GetString().ShouldBe("Project");
            e.GetProperty("projectId").GetGuid().ShouldBe(id);
            e.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
            e.GetProperty("userId").GetGuid().ShouldBe(userId);
            e.GetProperty("userLogin").GetString().ShouldBe(login);
            var data = e.GetProperty("data");
            data.ValueKind.ShouldBe(JsonValueKind.Object);
            data.GetProperty("id").GetGuid().ShouldBe(id);
            data.GetProperty("tenantId").GetGuid().ShouldBe(tenant.Id);
        }

        events[1].GetProperty("data").GetProperty("eTag").GetString().ShouldBe(updated.Headers.ETag.Tag);
    }

    [Fact]
    public async Task Times_are_given_in_UTC_and_read_back_as_the_same_instant()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Clock" }, Cancellation)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var read = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}", Cancellation);
        var listed = (await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects", Cancellation)).GetProperty("items")[0];
        var updated = await (await tenant.Admin.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "Clock 2" }, Cancellation)).ReadJsonAsync();

        // Without the zone a client reads the instant in its own local time.
        var createdAt = created.GetProperty("createdAt").GetString()!;
        foreach (var answer in new[] { read, listed, updated })
        {
            var again = answer.GetProperty("createdAt").GetString()!;
            again.ShouldEndWith("Z");
            (DateTimeOffset.Parse(again, System.Globalization.CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture)).Duration()
                .ShouldBeLessThan(TimeSpan.FromMilliseconds(1));
        }

        createdAt.ShouldEndWith("Z");
        updated.GetProperty("updatedAt").GetString()!.ShouldEndWith("Z");
    }

    [Fact]
    public async Task Update_with_a_stale_ETag_is_refused_with_412_and_changes_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Receipts" }, Cancellation);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var stale = created.Headers.ETag!;
        (await SendWithETagAsync(tenant.Admin, HttpMethod.Put, id, stale, new { name = "Receipts (first edit)" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var second = await SendWithETagAsync(tenant.Admin, HttpMethod.Put, id, stale, new { name = "Receipts (lost edit)" });
        var delete = await SendWithETagAsync(tenant.Admin, HttpMethod.Delete, id, stale, null);

        await second.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await delete.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await tenant.Admin.GetAsync($"/api/v1/projects/{id}", Cancellation)).ReadJsonAsync();
        current.GetProperty("name").GetString().ShouldBe("Receipts (first edit)");
        // The first edit's ProjectUpdated only: neither refusal recorded anything.
        (await tenant.Admin.EventsAsync($"codes=3001,3002&entityId={id}")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_name_taken_in_the_tenant_in_any_case_is_a_conflict_but_free_in_another_tenant()
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Waybills" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Second" }, Cancellation);
        var secondId = (await second.ReadJsonAsync()).GetProperty("id").GetGuid();

        var upper = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "WAYBILLS" }, Cancellation);
        var padded = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "  waybills " }, Cancellation);
        var renamed = await tenant.Admin.PutAsJsonAsync($"/api/v1/projects/{secondId}", new { name = "wayBills" }, Cancellation);
        var elsewhere = await other.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Waybills" }, Cancellation);

        await upper.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await padded.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await renamed.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await tenant.Admin.EventsAsync("codes=3000,3001")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task The_name_may_keep_its_case_when_renamed_to_itself_in_another_case()
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "contracts" }, Cancellation);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var renamed = await tenant.Admin.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "Contracts" }, Cancellation);

        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("Contracts");
    }

    [Fact]
    public async Task The_list_pages_by_cursor_in_creation_order_without_gaps_or_repeats()
    {
        var tenant = await server.CreateTenantAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = $"Batch {i}" }, Cancellation);
            ids.Add((await created.ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        var seen = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var query = cursor is null ? "limit=3" : $"limit=3&cursor={cursor}";
            var page = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects?{query}", Cancellation);
            var items = page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
            items.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        pages.ShouldBe(3);
        seen.ShouldBe(ids);
        var exact = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects?limit=7", Cancellation);
        exact.GetProperty("items").GetArrayLength().ShouldBe(7);
        exact.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Search_finds_names_containing_the_text_in_any_case_and_script()
    {
        var tenant = await server.CreateTenantAsync();
        foreach (var name in new[] { "Invoices 2024", "Old invoice archive", "Receipts", "Счета-фактуры", "Акты сверки" })
        {
            (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await SearchAsync(tenant.Admin, "INVOICE")).ShouldBe(["Invoices 2024", "Old invoice archive"], ignoreOrder: true);
        (await SearchAsync(tenant.Admin, "счета")).ShouldBe(["Счета-фактуры"]);
        (await SearchAsync(tenant.Admin, "  receipts  ")).ShouldBe(["Receipts"]);
        (await SearchAsync(tenant.Admin, "waybill")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Счета-фактуры поставщиков")]
    [InlineData("請求書と領収書")]
    [InlineData("📄 Invoices 🧾")]
    [InlineData("👩‍💻 Team (ZWJ sequence)")]
    [InlineData("Ελληνικά τιμολόγια")]
    [InlineData("فواتير")]
    public async Task Names_in_any_script_round_trip_through_the_api_and_the_journal(string name)
    {
        var tenant = await server.CreateTenantAsync();

        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name, description = name + "\nsecond line" }, Cancellation);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var read = await tenant.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}", Cancellation);
        read.GetProperty("name").GetString().ShouldBe(name);
        read.GetProperty("description").GetString().ShouldBe(name + "\nsecond line");
        (await SearchAsync(tenant.Admin, name)).ShouldBe([name]);
        var recorded = (await tenant.Admin.EventsAsync($"codes=3000&entityId={id}")).ShouldHaveSingleItem();
        recorded.GetProperty("text").GetString().ShouldBe(name);
        recorded.GetProperty("data").GetProperty("name").GetString().ShouldBe(name);
        var duplicate = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = name.ToUpperInvariant() }, Cancellation);
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_decomposed_name_is_stored_composed_and_counts_as_the_same_name()
    {
        var tenant = await server.CreateTenantAsync();
        const string composed = "Caf\u00e9 receipts";
        const string decomposed = "Cafe\u0301 receipts";

        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = decomposed }, Cancellation);
        var duplicate = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = composed }, Cancellation);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe(composed);
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_concurrent_creates_of_one_name_give_one_project_one_conflict_and_one_event()
    {
        var tenant = await server.CreateTenantAsync();
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            var name = $"Race {round}";
            using var first = server.WithToken(await server.LoginAsync("tadmin", DocketServerExtensions.UserPassword, tenant.Name));
            using var second = server.WithToken(await server.LoginAsync("tadmin", DocketServerExtensions.UserPassword, tenant.Name));

            var answers = await Task.WhenAll(
                first.PostAsJsonAsync("/api/v1/projects", new { name }, Cancellation),
                second.PostAsJsonAsync("/api/v1/projects", new { name = name.ToLowerInvariant() }, Cancellation));

            answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], ignoreOrder: true);
            await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        var projects = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects", Cancellation);
        projects.GetProperty("items").GetArrayLength().ShouldBe(rounds);
        (await tenant.Admin.EventsAsync("codes=3000")).Length.ShouldBe(rounds);
    }

    private static async Task<HttpResponseMessage> SendWithETagAsync(HttpClient client, HttpMethod method, Guid id, EntityTagHeaderValue etag, object? body)
    {
        using var request = new HttpRequestMessage(method, $"/api/v1/projects/{id}");
        request.Headers.IfMatch.Add(etag);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request, Cancellation);
        await response.Content.LoadIntoBufferAsync(Cancellation);
        return response;
    }

    private static async Task<string[]> SearchAsync(HttpClient client, string text)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects?search={Uri.EscapeDataString(text)}", Cancellation);
        return [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
    }
}
