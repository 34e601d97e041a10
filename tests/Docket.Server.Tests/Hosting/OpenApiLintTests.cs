using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Hosting;

/// <summary>
/// The OpenAPI document the server serves passes a standard linter (Spectral, pinned in tools/openapi-lint, with the
/// rules in its .spectral.yaml): every operation has a unique operationId, a summary, a description and a tag, and
/// every error answer is problem details. Generated clients and readers rely on each.
/// </summary>
public sealed class OpenApiLintTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_OpenAPI_document_passes_the_linter()
    {
        var document = await DocumentAsync();

        var (exitCode, output) = await LintAsync(document);

        exitCode.ShouldBe(0, $"Spectral found problems in /openapi/v1.json:\n{output}");
    }

    [Fact]
    public async Task Every_operation_has_an_operationId_a_summary_and_a_description()
    {
        var operations = Operations(JsonNode.Parse(await DocumentAsync())!).ToList();

        operations.ShouldNotBeEmpty();
        operations.ShouldAllBe(o => !string.IsNullOrWhiteSpace((string?)o["operationId"]));
        operations.ShouldAllBe(o => !string.IsNullOrWhiteSpace((string?)o["summary"]));
        operations.ShouldAllBe(o => !string.IsNullOrWhiteSpace((string?)o["description"]));
        operations.Select(o => (string?)o["operationId"]).ShouldBeUnique();
    }

    /// <summary>The rules bite: the same document with each kind of fault put in is refused, naming the rule.</summary>
    [Fact]
    public async Task The_linter_refuses_a_document_that_breaks_the_rules()
    {
        var document = JsonNode.Parse(await DocumentAsync())!;
        var operations = Operations(document).ToList();
        operations[0].AsObject().Remove("operationId");
        operations[1]["operationId"] = (string?)operations[2]["operationId"];
        operations[3].AsObject().Remove("description");
        operations[4].AsObject().Remove("summary");
        operations[5].AsObject().Remove("tags");
        operations[6]["responses"]!["404"] = new JsonObject { ["description"] = "Not Found" };

        var (exitCode, output) = await LintAsync(document.ToJsonString());

        exitCode.ShouldNotBe(0, output);
        output.ShouldContain("operation-operationId ");
        output.ShouldContain("operation-operationId-unique");
        output.ShouldContain("operation-description");
        output.ShouldContain("operation-summary");
        output.ShouldContain("operation-tags");
        output.ShouldContain("problem-details");
    }

    private async Task<string> DocumentAsync()
    {
        using var anonymous = server.Anonymous();
        var response = await anonymous.GetAsync("/openapi/v1.json", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    private static IEnumerable<JsonNode> Operations(JsonNode document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Where(method => method.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(method => method.Value!);

    /// <summary>Runs Spectral over <paramref name="document"/>; warnings fail too.</summary>
    private static async Task<(int ExitCode, string Output)> LintAsync(string document)
    {
        var folder = TestEnvironment.OpenApiLintFolder;
        var path = Path.Combine(Path.GetTempPath(), $"docket-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, document, Cancellation);
        try
        {
            var start = new ProcessStartInfo(Path.Combine(folder, "node_modules", ".bin", "spectral"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "lint", path, "--ruleset", Path.Combine(folder, ".spectral.yaml"), "--fail-severity", "warn", "--format", "text" },
            };
            using var linter = Process.Start(start) ?? throw new InvalidOperationException("Spectral did not start.");
            var output = linter.StandardOutput.ReadToEndAsync(Cancellation);
            var errors = linter.StandardError.ReadToEndAsync(Cancellation);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await linter.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                linter.Kill(entireProcessTree: true);
                throw;
            }

            return (linter.ExitCode, await output + await errors);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
