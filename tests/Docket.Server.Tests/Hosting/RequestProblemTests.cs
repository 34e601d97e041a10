using System.Globalization;
using System.Net;
using System.Text;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Hosting;

/// <summary>
/// A request the server cannot bind gets a problem that names the wrong parameter or field and what it must be,
/// never a generic "send valid JSON" for a GET that has no body, and never the caller's value echoed back.
/// </summary>
[Trait("Category", "Fast")]
public sealed class RequestProblemTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("from=yesterday", "from", "ISO 8601")]
    [InlineData("To=someday", "To", "ISO 8601")]
    [InlineData("projectId=notaguid", "projectId", "GUID")]
    [InlineData("cursor=garbage", "cursor", "whole number")]
    [InlineData("limit=lots", "limit", "whole number")]
    public async Task A_bad_query_value_names_the_parameter_and_its_form(string query, string parameter, string form)
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.GetAsync($"/api/v1/events?{query}", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()).ToList();
        messages.ShouldHaveSingleItem()!.ShouldContain(form);
        problem.GetRawText().ShouldNotContain("JSON");
        problem.GetRawText().ShouldNotContain(query.Split('=')[1]);
    }

    [Fact]
    public async Task A_body_field_of_the_wrong_type_is_named_without_echoing_the_value()
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.PostAsync("/api/v1/projects",
            new StringContent("""{"name": 12345678}""", Encoding.UTF8, "application/json"), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue(problem.GetRawText());
        problem.GetRawText().ShouldNotContain("12345678");
        problem.GetRawText().ShouldNotContain("System.");
    }

    [Fact]
    public async Task A_missing_body_says_a_JSON_body_is_needed()
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.PostAsync("/api/v1/projects",
            new StringContent("", Encoding.UTF8, "application/json"), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("JSON body");
    }

    [Fact]
    public async Task A_JSON_endpoint_given_another_content_type_names_the_one_it_reads()
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.PostAsync("/api/v1/projects",
            new StringContent("""{"name":"x"}""", Encoding.UTF8, "text/plain"), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString()!.ShouldContain("application/json");
    }

    [Fact]
    public void Log_timestamps_end_at_the_Z_with_no_trailing_space()
    {
        var options = server.App.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        var stamp = new DateTime(2026, 12, 3, 6, 37, 24, 500, DateTimeKind.Utc).ToString(options.TimestampFormat, CultureInfo.InvariantCulture);

        options.UseUtcTimestamp.ShouldBeTrue();
        stamp.ShouldBe("2026-12-03T06:37:24.500Z");
    }
}
