using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Hosting;

/// <summary>
/// docs/first-steps.md runs as written: its shell blocks, in order, in one bash, against a real server, with the
/// passwords typed on standard input as a reader would. A changed route, field or answer breaks this test, so the
/// guide cannot go stale. (scripts/test-tools.sh installs the curl, jq and unzip it uses.)
/// </summary>
public sealed partial class FirstStepsGuideTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string NewPassword = "Guide-Passw0rd!";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_steps_guide_runs_as_written_from_login_to_a_dataset_archive()
    {
        var guide = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "first-steps.md"), Cancellation);
        var blocks = ShellBlock().Matches(guide).Select(m => m.Groups[1].Value).ToList();
        blocks.Count.ShouldBeGreaterThanOrEqualTo(5);
        var folder = Directory.CreateTempSubdirectory("docket-guide-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "invoice.png"), TestImages.Png(600, 800), Cancellation);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "guide.sh"), "set -euo pipefail\n" + string.Join("\n", blocks), Cancellation);

            var (exitCode, output) = await RunAsync(folder.FullName, $"{DocketServer.AdminPassword}\n{NewPassword}\n");

            exitCode.ShouldBe(0, output);
            output.ShouldContain("\"login\": \"admin\"");
            output.ShouldContain("\"name\": \"invoice.png\"");
            output.ShouldContain("\"value\": \"INV-0042\"");
            output.ShouldContain("items.ndjson");
            output.ShouldContain("manifest.json");
            output.ShouldContain("4000 ProjectDataImgCreated: invoice.png");
            output.ShouldContain("12004 DataSetArchivateCompletedSuccess");
            output.ShouldContain("\"valid\": true");
            new FileInfo(Path.Combine(folder.FullName, "dataset.zip")).Length.ShouldBeGreaterThan(0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // The guide's first step really replaced the password: the new one signs in, the old one no longer does.
        using var anonymous = server.Anonymous();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { tenant = "default", login = "admin", password = NewPassword }, Cancellation);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var old = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { tenant = "default", login = "admin", password = DocketServer.AdminPassword }, Cancellation);
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string folder, string input)
    {
        var start = new ProcessStartInfo("bash", "guide.sh")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOCKET"] = server.BaseAddress.ToString().TrimEnd('/') },
        };
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(input);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync(Cancellation);
        var errors = bash.StandardError.ReadToEndAsync(Cancellation);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw;
        }

        return (bash.ExitCode, await output + await errors);
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
