using System.Net.Http.Json;
using System.Net;
using Docket.Server.Common;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// A sink pointed at a page that is not a receiver (a loopback admin page, a proxy): the subscription's
/// <c>lastError</c> gives the status and a reason of Docket's own, never the page's answer.
/// </summary>
public sealed class ExportReceiverAnswerTests(DocketServer server) : IClassFixture<DocketServer>
{
    private const string PageSecret = "internal-page-secret-7f3a";
    private const string ReasonSecret = "reason-phrase-secret-9c1d";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Webhook", 404, "application/json", "{\"internal\":\"" + PageSecret + "\"}", "HTTP 404")]
    [InlineData("Webhook", 500, "text/html", "<html><body>" + PageSecret + "</body></html>", "HTTP 500")]
    [InlineData("SplunkHec", 403, "application/json", "{\"text\":\"" + PageSecret + "\",\"code\":4}", "HEC 403 code 4: Invalid token")]
    [InlineData("SplunkHec", 400, "text/plain", PageSecret, "HEC 400")]
    [InlineData("SplunkHec", 200, "text/html", "<html>" + PageSecret + "</html>", "HEC 200")]
    public async Task Last_error_never_shows_what_the_destination_answered(string sink, int status, string contentType, string body, string expected)
    {
        await using var page = await Page.StartAsync(status, contentType, body);
        var tenant = await server.CreateTenantAsync();
        object settings = sink == "Webhook"
            ? new { url = page.Url.ToString(), secret = "whsec-0123456789abcdef" }
            : new { url = page.Url.ToString(), token = "a-token", gzip = false };
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "page " + Guid.NewGuid().ToString("N")[..8],
            sink,
            settings,
            filter = new { codes = new[] { "ProjectCreated" } },
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();

        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "probe" }, Cancellation)).EnsureSuccessStatusCode();
        var failed = await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.String);

        page.Requests.ShouldBeGreaterThan(0);
        var lastError = failed.GetProperty("lastError").GetString().ShouldNotBeNull();
        lastError.ShouldContain(expected);
        lastError.ShouldNotContain(PageSecret);
        lastError.ShouldNotContain(ReasonSecret);
        var events = await tenant.Admin.GetStringAsync($"/api/v1/events?entityId={id}", Cancellation);
        events.ShouldNotContain(PageSecret);
    }

    [Theory]
    [InlineData("Webhook")]
    [InlineData("SplunkHec")]
    public async Task Last_error_never_quotes_the_banner_of_a_service_that_is_not_HTTP(string sink)
    {
        const string banner = "220 mail.internal ESMTP banner-secret-41d2";
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = ServeBannerAsync(listener, banner);
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        var tenant = await server.CreateTenantAsync();
        object settings = sink == "Webhook" ? new { url, secret = "whsec-0123456789abcdef" } : new { url, token = "a-token" };
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "banner " + Guid.NewGuid().ToString("N")[..8],
            sink,
            settings,
            filter = new { codes = new[] { "ProjectCreated" } },
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();

        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "probe" }, Cancellation)).EnsureSuccessStatusCode();
        var failed = await SubscriptionStatus.WaitAsync(tenant.Admin, id, s => s.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.String);
        listener.Stop();
        await serving;

        var lastError = failed.GetProperty("lastError").GetString().ShouldNotBeNull();
        lastError.ShouldContain("127.0.0.1");
        lastError.ShouldNotContain("banner-secret");
        lastError.ShouldNotContain("ESMTP");
    }

    /// <summary>Greets every connection as a mail server does, then hangs up.</summary>
    private static async Task ServeBannerAsync(System.Net.Sockets.TcpListener listener, string banner)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(Cancellation);
                await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(banner + "\r\n"), Cancellation);
            }
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Stopped by the test.
        }
    }

    /// <summary>A page on loopback that answers every request alike, with a reason phrase of its own.</summary>
    private sealed class Page : IAsyncDisposable
    {
        private readonly WebApplication app;
        private int requests;

        private Page(WebApplication app) => this.app = app;

        public Uri Url { get; private set; } = null!;

        public int Requests => Volatile.Read(ref requests);

        public static async Task<Page> StartAsync(int status, string contentType, string body)
        {
            var app = Loopback.CreateBuilder().Build();
            var page = new Page(app);
            app.Run(async context =>
            {
                Interlocked.Increment(ref page.requests);
                context.Response.StatusCode = status;
                context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = ReasonSecret;
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body, context.RequestAborted);
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            page.Url = app.BaseAddress();
            return page;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
