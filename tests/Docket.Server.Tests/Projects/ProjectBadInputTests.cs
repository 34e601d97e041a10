using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Projects;

/// <summary>
/// Bad input to the project endpoints gets problem details (and never a stack trace) and changes nothing:
/// the tenant's projects and journal are counted before and after each request.
/// </summary>
public sealed class ProjectBadInputTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string Json = "application/json";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Create bodies that must be refused: (case, raw body, content type, status, field the errors name or null).</summary>
    public static TheoryData<string, string, string, HttpStatusCode, string?> BadCreates => new()
    {
        { "malformed JSON", """{"name": "Invoices" """, Json, HttpStatusCode.BadRequest, null },
        { "not an object", """["Invoices"]""", Json, HttpStatusCode.BadRequest, null },
        { "unknown field", """{"name": "Invoices", "colour": "red"}""", Json, HttpStatusCode.BadRequest, null },
        { "wrong type", """{"name": 123}""", Json, HttpStatusCode.BadRequest, null },
        { "null name", """{"name": null}""", Json, HttpStatusCode.BadRequest, "name" },
        { "missing name", """{"description": "no name"}""", Json, HttpStatusCode.BadRequest, null },
        { "empty name", """{"name": ""}""", Json, HttpStatusCode.BadRequest, "name" },
        { "whitespace name", """{"name": " \t  "}""", Json, HttpStatusCode.BadRequest, "name" },
        { "NUL in name", """{"name": "Invo\u0000ices"}""", Json, HttpStatusCode.BadRequest, "name" },
        { "BEL in name", """{"name": "Invo\u0007ices"}""", Json, HttpStatusCode.BadRequest, "name" },
        { "line break in name", """{"name": "Invo\nices"}""", Json, HttpStatusCode.BadRequest, "name" },
        { "right-to-left override in name", """{"name": "Invoices\u202Efdp.exe"}""", Json, HttpStatusCode.BadRequest, "name" },
        { "zero-width space in name", """{"name": "Invo\u200Bices"}""", Json, HttpStatusCode.BadRequest, "name" },
        { "lone surrogate in name", """{"name": "Invo\uD800ices"}""", Json, HttpStatusCode.BadRequest, null },
        { "201-character name", $$"""{"name": "{{new string('n', 201)}}"}""", Json, HttpStatusCode.BadRequest, "name" },
        { "4001-character description", $$"""{"name": "Invoices", "description": "{{new string('d', 4001)}}"}""", Json, HttpStatusCode.BadRequest, "description" },
        { "text/plain", """{"name": "Invoices"}""", "text/plain", HttpStatusCode.UnsupportedMediaType, null },
        { "empty body", "", Json, HttpStatusCode.BadRequest, null },
    };

    public static TheoryData<string> BadListQueries => new()
    {
        "limit=-1",
        "limit=0",
        "limit=100000",
        "limit=many",
        "cursor=not-a-guid",
        "cursor=' OR 1=1 --",
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_is_refused_with_problem_details_and_changes_nothing(
        string @case, string body, string contentType, HttpStatusCode status, string? field)
    {
        var tenant = await server.CreateTenantAsync();
        var before = await CountsAsync(tenant);

        using var content = new StringContent(body, Encoding.UTF8, contentType);
        var response = await tenant.Admin.PostAsync("/api/v1/projects", content, Cancellation);

        var problem = await response.ShouldBeProblemAsync(status);
        if (field is not null)
        {
            problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBeGreaterThan(0, @case);
        }

        (await CountsAsync(tenant)).ShouldBe(before, @case);
    }

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_update_is_refused_with_problem_details_and_changes_nothing(
        string @case, string body, string contentType, HttpStatusCode status, string? field)
    {
        var tenant = await server.CreateTenantAsync();
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Untouched" }, Cancellation);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var original = await tenant.Admin.GetStringAsync($"/api/v1/projects/{id}", Cancellation);
        var before = await CountsAsync(tenant);

        using var content = new StringContent(body, Encoding.UTF8, contentType);
        var response = await tenant.Admin.PutAsync($"/api/v1/projects/{id}", content, Cancellation);

        var problem = await response.ShouldBeProblemAsync(status);
        if (field is not null)
        {
            problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBeGreaterThan(0, @case);
        }

        (await CountsAsync(tenant)).ShouldBe(before, @case);
        (await tenant.Admin.GetStringAsync($"/api/v1/projects/{id}", Cancellation)).ShouldBe(original, @case);
    }

    [Fact]
    public async Task A_name_of_exactly_200_characters_is_accepted()
    {
        var tenant = await server.CreateTenantAsync();
        var name = new string('n', 200);

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name }, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.ReadJsonAsync()).GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_with_413_and_changes_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var before = await CountsAsync(tenant);
        var body = JsonSerializer.Serialize(new { name = "Huge", description = new string('x', 1024 * 1024 + 10) });

        using var content = new StringContent(body, Encoding.UTF8, Json);
        var response = await tenant.Admin.PostAsync("/api/v1/projects", content, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await CountsAsync(tenant)).ShouldBe(before);
    }

    [Fact]
    public async Task A_chunked_body_over_one_megabyte_is_refused_with_413_and_changes_nothing()
    {
        var tenant = await server.CreateTenantAsync();
        var before = await CountsAsync(tenant);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { name = "Huge", description = new string('x', 1024 * 1024 + 10) });

        // No Content-Length: the limit must hold while the body streams in, not only when it is announced.
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await tenant.Admin.SendAsync(request, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await CountsAsync(tenant)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(BadListQueries))]
    public async Task A_bad_list_query_is_refused_with_problem_details(string query)
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.GetAsync($"/api/v1/projects?{query}", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        if (query.StartsWith("limit=-", StringComparison.Ordinal) || query is "limit=0" or "limit=100000")
        {
            problem.GetProperty("errors").GetProperty("limit").GetArrayLength().ShouldBe(1);
        }
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("\"; DROP TABLE projects; --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    [InlineData("[a-z]")]
    public async Task Search_text_that_looks_like_sql_or_a_pattern_matches_only_itself(string search)
    {
        var tenant = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Invoices" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await other.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Other tenant's" }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var literal = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = $"Literal {search} here" }, Cancellation);
        literal.StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await tenant.Admin.GetAsync($"/api/v1/projects?search={Uri.EscapeDataString(search)}", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var names = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        names.ShouldBe([$"Literal {search} here"]);
        (await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects", Cancellation)).GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    /// <summary>The tenant's projects and journal records, as its administrator sees them.</summary>
    private static async Task<(int Projects, int Events)> CountsAsync(TestTenant tenant)
    {
        var projects = await tenant.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects?limit=500", Cancellation);
        var events = await tenant.Admin.EventsAsync("limit=1000");
        return (projects.GetProperty("items").GetArrayLength(), events.Length);
    }
}
