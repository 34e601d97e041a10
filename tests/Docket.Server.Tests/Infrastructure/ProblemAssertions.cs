using System.Net;
using System.Text.Json;
using Shouldly;

namespace Docket.Server.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>The response is RFC 9457 problem details with the status, and gives nothing of the server's insides away.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("Exception");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        return problem;
    }
}
