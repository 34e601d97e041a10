using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// Sink settings through the API that must not reach into the server: no setting names a file on the server's disk
/// (a syslog CA certificate is sent as its PEM content, checked when stored), and no destination is a link-local or
/// cloud metadata address unless the operator allow-lists it.
/// </summary>
public sealed class ExportSinkSettingsTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_syslog_CA_certificate_file_path_is_refused_and_the_answer_says_nothing_of_the_file()
    {
        var tenant = await server.CreateTenantAsync();
        var paths = new[]
        {
            Path.Combine(server.DataDirectory, "secrets", "journal-signing.key"),
            "/dev/zero",
            "/etc/passwd",
            "/no/such/file.pem",
        };

        var errors = new List<string>();
        foreach (var path in paths)
        {
            var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
                Syslog(new { host = "127.0.0.1", port = 6514, protocol = "Tls", tlsCaCertificateFile = path }), Cancellation);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            errors.Add(problem.GetProperty("errors").GetRawText().Replace(path, "PATH", StringComparison.Ordinal));
        }

        errors.Distinct().ShouldHaveSingleItem("the answer differs with the file behind the path");
    }

    [Fact]
    public async Task A_syslog_CA_certificate_is_sent_as_PEM_content_and_checked_when_stored()
    {
        var tenant = await server.CreateTenantAsync();
        var pem = CertificatePem();

        var accepted = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            Syslog(new { host = "127.0.0.1", port = 6514, protocol = "Tls", tlsServerName = "localhost", tlsCaCertificate = pem }), Cancellation);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync(Cancellation));
        (await accepted.ReadJsonAsync()).GetProperty("settings").GetProperty("tlsCaCertificate").GetString().ShouldBe(pem);

        var oversized = new StringBuilder();
        while (oversized.Length <= 64 * 1024)
        {
            oversized.Append(pem).Append('\n');
        }

        foreach (var (certificate, expected) in new[]
        {
            ("not a certificate", "TlsCaCertificate"),
            ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "TlsCaCertificate"),
            (oversized.ToString(), "64 KiB"),
        })
        {
            var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
                Syslog(new { host = "127.0.0.1", port = 6514, protocol = "Tls", tlsCaCertificate = certificate }), Cancellation);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").GetProperty("settings")[0].GetString().ShouldNotBeNull().ShouldContain(expected);
        }

        var udp = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            Syslog(new { host = "127.0.0.1", port = 514, protocol = "Udp", tlsCaCertificate = pem }), Cancellation);
        await udp.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("Webhook", "http://169.254.169.254/latest/meta-data/")]
    [InlineData("Webhook", "http://[fe80::1]:8080/hook")]
    [InlineData("Webhook", "http://100.100.100.200/latest/meta-data/")]
    [InlineData("Webhook", "http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("Webhook", "http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("Webhook", "http://[::ffff:169.254.169.254]/latest/")]
    [InlineData("SplunkHec", "http://169.254.169.254:8088/")]
    [InlineData("SplunkHec", "https://METADATA.google.internal./")]
    public async Task Link_local_and_cloud_metadata_urls_are_refused(string sink, string url)
    {
        var tenant = await server.CreateTenantAsync();
        object settings = sink == "Webhook"
            ? new { url, secret = "whsec-0123456789abcdef", allowInsecureHttp = true }
            : new { url, token = "a-token", allowInsecureHttp = true };

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Request(sink, settings), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("settings")[0].GetString().ShouldNotBeNull().ShouldContain("Export:AllowedDestinations");
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("metadata.google.internal")]
    public async Task Link_local_and_cloud_metadata_syslog_hosts_are_refused(string host)
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", Syslog(new { host, port = 514 }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("https://192.168.10.20/hook")]
    [InlineData("https://soc.example.org/hook")]
    public async Task Loopback_and_private_destinations_stay_allowed(string url)
    {
        var tenant = await server.CreateTenantAsync();

        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            Request("Webhook", new { url, secret = "whsec-0123456789abcdef", allowInsecureHttp = true }), Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
    }

    private static object Request(string sink, object settings) => new
    {
        name = sink.ToLowerInvariant() + " " + Guid.NewGuid().ToString("N")[..8],
        sink,
        settings,
        enabled = false,
    };

    private static object Syslog(object settings) => Request("Syslog", settings);

    /// <summary>A throwaway self-signed CA certificate, PEM.</summary>
    internal static string CertificatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Docket test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
        return certificate.ExportCertificatePem();
    }
}
