using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Docket.Benchmarks;

/// <summary>
/// The real server (the shared <see cref="InProcessServer"/>, as the tests run it), over a fresh data directory and
/// database, but with the production password cost and PostgreSQL's default <c>synchronous_commit=on</c>. The only
/// addition is a middleware in front that gives each image upload a <see cref="DbTally"/>.
/// </summary>
internal sealed class UploadServer : InProcessServer
{
    private readonly BenchSettings settings;
    private readonly DbTimeProbe probe;

    private UploadServer(BenchSettings settings, DbTimeProbe probe)
        : base(ServerSettings.QuietLogs)
    {
        this.settings = settings;
        this.probe = probe;
    }

    /// <summary>The database time of the last image upload this server received.</summary>
    public DbTally? LastUpload { get; private set; }

    public static async Task<UploadServer> StartAsync(BenchSettings settings, DbTimeProbe probe, CancellationToken cancellationToken)
    {
        var server = new UploadServer(settings, probe);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Signs in as the Administrator, creates a tenant and a project in it; a client with the token and the project's id.</summary>
    public async Task<(HttpClient Client, Guid ProjectId)> NewProjectAsync(CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "admin", password = AdminPassword }, cancellationToken);
        var token = (await Json(login, cancellationToken)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var suffix = Guid.NewGuid().ToString("N")[..12];
        var tenant = await client.PostAsJsonAsync("/api/v1/tenants", new { name = "bench-" + suffix }, cancellationToken);
        var tenantId = (await Json(tenant, cancellationToken)).GetProperty("id").GetGuid();
        var project = await client.PostAsJsonAsync("/api/v1/projects", new { name = "scans-" + suffix, tenantId }, cancellationToken);
        return (client, (await Json(project, cancellationToken)).GetProperty("id").GetGuid());
    }

    public async Task<IReadOnlyList<string>> DescribeDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var lease = await ConnectionLease.OpenAsync(Services, cancellationToken);
        return await DatabaseInfo.DescribeAsync(lease, settings.Provider, cancellationToken);
    }

    protected override async Task<ServerStorage> CreateStorageAsync(CancellationToken cancellationToken) =>
        await BenchStorage.CreateAsync(settings, cancellationToken);

    protected override void ConfigureApp(WebApplication application) =>
        application.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/images", StringComparison.Ordinal) == true)
            {
                LastUpload = probe.Begin();
            }

            await next(context);
        });

    protected override async ValueTask DisposeAsyncCore()
    {
        if (settings.Keep)
        {
            Console.WriteLine($"Kept: {Storage.Describe()}");
        }

        await base.DisposeAsyncCore();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
