using Docket.Server.Storage;

namespace Docket.Testing;

/// <summary>Which database this run of the suite uses; the test command runs the suite once per provider.</summary>
public static class TestEnvironment
{
    public static StorageProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable("DOCKET_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? StorageProvider.Postgres
            : StorageProvider.Sqlite;

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("DOCKET_TEST_POSTGRES")
        ?? throw new InvalidOperationException("DOCKET_TEST_POSTGRES is not set: run the suite with scripts/test.sh.");

    /// <summary>The folder of the installed OpenAPI linter and its ruleset (tools/openapi-lint), from scripts/test-openapi-lint.sh.</summary>
    public static string OpenApiLintFolder =>
        Environment.GetEnvironmentVariable("DOCKET_TEST_OPENAPI_LINT")
        ?? throw new InvalidOperationException("DOCKET_TEST_OPENAPI_LINT is not set: run the suite with scripts/test.sh.");

    /// <summary>The folder of the independent RFC 8785 implementation and its scripts (tools/jcs), from scripts/test-jcs.sh.</summary>
    public static string JcsFolder =>
        Environment.GetEnvironmentVariable("DOCKET_TEST_JCS")
        ?? throw new InvalidOperationException("DOCKET_TEST_JCS is not set: run the suite with scripts/test.sh.");
}
