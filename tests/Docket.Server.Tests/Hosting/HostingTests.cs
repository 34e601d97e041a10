using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Features.Roles;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Hosting;

/// <summary>What the host serves around the API: version, health, OpenAPI and its reference page, metrics, operation keys.</summary>
public sealed class HostingTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string OperationKeyHeader = "X-Operation-Key";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_version_is_public_and_names_the_server_and_node()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("/api/version", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var version = await response.ReadJsonAsync();
        version.GetProperty("name").GetString().ShouldBe("Docket");
        version.GetProperty("version").GetString().ShouldNotBeNullOrWhiteSpace();
        version.GetProperty("nodeId").GetString().ShouldBe("test-node");
        version.GetProperty("storage").GetString().ShouldBe(server.Provider.ToString());
        response.Headers.Contains("Server").ShouldBeFalse();
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_checks_are_public_and_healthy(string path)
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync(path, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_OpenAPI_document_is_public_json_listing_the_api()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("/openapi/v1.json", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/projects");
        paths.ShouldContain("/api/v1/projects/{id}");
        paths.ShouldContain("/api/v1/events");
        paths.ShouldContain("/api/v1/events/stream");
        paths.ShouldContain("/api/v1/users/{id}/roles");
        paths.ShouldContain("/api/v1/auth/login");
    }

    [Fact]
    public async Task The_API_reference_is_a_public_HTML_page()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("/api/reference", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldContain("<html", Case.Insensitive);
    }

    [Fact]
    public async Task Metrics_need_the_Administrator_and_are_Prometheus_text()
    {
        using var anonymous = server.Anonymous();
        var tenant = await server.CreateTenantAsync();
        using var admin = await server.AdminAsync();
        (await admin.GetAsync("/api/v1/projects", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await anonymous.GetAsync("/metrics", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await tenant.Admin.GetAsync("/metrics", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var response = await admin.GetAsync("/metrics", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBeOneOf("text/plain", "application/openmetrics-text");
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        text.ShouldContain("# TYPE ");
        text.ShouldContain("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task An_unknown_route_is_not_found_for_a_signed_in_caller()
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.GetAsync("/api/v1/no-such-thing", Cancellation);
        var unknownId = await tenant.Admin.GetAsync($"/api/v1/projects/{Guid.NewGuid()}", Cancellation);
        var notAGuid = await tenant.Admin.GetAsync("/api/v1/projects/not-a-guid", Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknownId.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await notAGuid.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_clients_operation_key_is_echoed_and_marks_every_event_of_the_request()
    {
        var tenant = await server.CreateTenantAsync();
        var operationKey = "import-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = JsonContent.Create(new
            {
                login = "keyed",
                password = DocketServerExtensions.UserPassword,
                roleIds = new[] { Role.TenantAdministratorId },
            }),
        };
        request.Headers.Add(OperationKeyHeader, operationKey);

        var response = await tenant.Admin.SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.GetValues(OperationKeyHeader).ShouldBe([operationKey]);
        var userId = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        var events = await tenant.Admin.EventsAsync($"operationKey={operationKey}");
        events.Select(e => e.GetProperty("code").GetInt32()).ShouldBe([9000, 9003], ignoreOrder: true);
        events.ShouldAllBe(e => e.GetProperty("operationKey").GetString() == operationKey);
        events.ShouldAllBe(e => e.GetProperty("entityId").GetString() == userId.ToString());
    }

    [Fact]
    public async Task Without_an_operation_key_each_request_gets_its_own()
    {
        var tenant = await server.CreateTenantAsync();

        var first = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "First" }, Cancellation);
        var second = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "Second" }, Cancellation);

        var firstKey = first.Headers.GetValues(OperationKeyHeader).Single();
        var secondKey = second.Headers.GetValues(OperationKeyHeader).Single();
        firstKey.ShouldNotBeNullOrWhiteSpace();
        secondKey.ShouldNotBe(firstKey);
        (await tenant.Admin.EventsAsync($"operationKey={firstKey}")).ShouldHaveSingleItem().GetProperty("text").GetString().ShouldBe("First");
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("semi;colon")]
    [InlineData("slash/key")]
    [InlineData("x' OR '1'='1")]
    public async Task An_operation_key_of_the_wrong_shape_is_replaced_not_recorded(string bad)
    {
        var tenant = await server.CreateTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Shaped" }) };
        request.Headers.TryAddWithoutValidation(OperationKeyHeader, bad);

        var response = await tenant.Admin.SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var echoed = response.Headers.GetValues(OperationKeyHeader).Single();
        echoed.ShouldNotBe(bad);
        var recorded = (await tenant.Admin.EventsAsync("codes=3000")).ShouldHaveSingleItem();
        recorded.GetProperty("operationKey").GetString().ShouldBe(echoed);
    }

    [Fact]
    public async Task An_operation_key_longer_than_100_characters_is_replaced()
    {
        var tenant = await server.CreateTenantAsync();
        var tooLong = new string('k', 101);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Long" }) };
        request.Headers.Add(OperationKeyHeader, tooLong);

        var response = await tenant.Admin.SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.GetValues(OperationKeyHeader).Single().ShouldNotBe(tooLong);
        (await tenant.Admin.EventsAsync("codes=3000")).ShouldHaveSingleItem().GetProperty("operationKey").GetString()!.Length.ShouldBeLessThanOrEqualTo(100);
    }
}
