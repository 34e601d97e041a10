using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json;
using Docket.Contracts.Hosting;
using Docket.Server.Common;
using Docket.Server.Export;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.Agents;
using Docket.Server.Features.ApiKeys;
using Docket.Server.Features.DataSets.Archive;
using Docket.Server.Features.DataSets;
using Docket.Server.Features.Identity;
using Docket.Server.Features.Images;
using Docket.Server.Features.InferenceProcessTemplates;
using Docket.Server.Features.InferenceProcesses;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Markings;
using Docket.Server.Features.Models;
using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Projects;
using Docket.Server.Features.Roles;
using Docket.Server.Features.Scripts;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.TrainProcesses;
using Docket.Server.Features.TrainProcessTemplates;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage.Packages;
using Docket.Server.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Docket.Server.Hosting;

/// <summary>The composition of the server: Program.cs calls <see cref="AddDocketServer"/> and <see cref="MapDocketServer"/>.</summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddDocketServer(this WebApplicationBuilder builder)
    {
        // First: nothing may be written before the umask and the data folder are private.
        builder.AddDocketDataDirectory();
        builder.Services.AddOptions<DocketOptions>().BindConfiguration(DocketOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<OperationContext>();

        builder.AddDocketTelemetry();
        builder.AddDocketApi();
        builder.AddDocketStorage();
        builder.AddDocketBlobs();
        builder.AddDocketPackages();
        builder.AddDocketSecurity();
        builder.AddDocketJournal();
        builder.AddDocketExport();

        builder.AddIdentity();
        builder.AddTenants();
        builder.AddUsers();
        builder.AddRoles();
        builder.AddApiKeys();
        builder.AddProjects();
        builder.AddImageData();
        builder.AddMarkingSchemes();
        builder.AddMarkings();
        builder.AddDataSets();
        builder.AddAgents();
        builder.AddModelTypes();
        builder.AddModelTemplates();
        builder.AddScripts();
        builder.AddModels();
        builder.AddTrainProcessTemplates();
        builder.AddInferenceProcessTemplates();
        builder.AddTrainProcesses();
        builder.AddInferenceProcesses();

        // Registered first so migrations run before anything else starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());
        return builder;
    }

    public static WebApplication MapDocketServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<CookieOriginMiddleware>();
        app.UseMiddleware<OperationContextMiddleware>();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapGet("/api/version", GetVersion).AllowAnonymous().WithTags("Server")
            .WithName("GetVersion")
            .WithSummary("Get the server's version")
            .WithDescription("The server's name and version, the node that answered, and the storage provider it runs on.");
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Administrator);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", options => options.WithTitle("Docket API")).AllowAnonymous();

        app.MapAuthEndpoints();
        app.MapTenantEndpoints();
        app.MapUserEndpoints();
        app.MapRoleEndpoints();
        app.MapApiKeyEndpoints();
        app.MapProjectEndpoints();
        app.MapImageEndpoints();
        app.MapMarkingSchemeEndpoints();
        app.MapMarkingEndpoints();
        app.MapDataSetEndpoints();
        app.MapDataSetImportEndpoints();
        app.MapAgentEndpoints();
        app.MapAgentStream();
        app.MapAgentFileEndpoints();
        app.MapAgentLaunchOutputEndpoints();
        app.MapModelTypeEndpoints();
        app.MapModelTemplateEndpoints();
        app.MapScriptEndpoints();
        app.MapModelEndpoints();
        app.MapTrainProcessTemplateEndpoints();
        app.MapInferenceProcessTemplateEndpoints();
        app.MapTrainProcessEndpoints();
        app.MapInferenceProcessEndpoints();
        app.MapJournalEndpoints();
        app.MapExportEndpoints();
        return app;
    }

    private static VersionResponse GetVersion(IOptions<DocketOptions> options, IOptions<StorageOptions> storage) =>
        new("Docket", typeof(HostingExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
            options.Value.NodeId, storage.Value.Provider.ToString());

    private static void AddDocketTelemetry(this WebApplicationBuilder builder)
    {
        // Structured JSON logs on the console; secrets never reach a log call (see STYLE.md, convention 10).
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("System.Runtime", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());
    }

    private static void AddDocketApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // The W3C trace id: the same id the logs and traces carry, and the journal's traceId.
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
            if (context.ProblemDetails.Status == StatusCodes.Status400BadRequest && context.ProblemDetails.Detail is null)
            {
                // Minimal APIs answer unreadable bodies themselves, without saying why; say it without echoing the input.
                context.ProblemDetails.Detail = "The request could not be read: send valid JSON (Content-Type: application/json) "
                    + "with only the documented fields, each of the documented type.";
            }
            else if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
            {
                // Minimal APIs refuse a JSON endpoint's wrong Content-Type with a bare 415 (not thrown, so BindingProblems
                // never sees it); raw uploads answer their own 415 with the types they take.
                context.ProblemDetails.Detail = "This endpoint reads a body of Content-Type application/json.";
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures are thrown rather than answered with a bare 400, so ProblemExceptionHandler can say which
        // parameter or field is wrong and what it must be (BindingProblems).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
        {
            // Unknown fields are refused rather than silently dropped: a typo must not look like success.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddSchemaTransformer<ProblemDetailsSchemaTransformer>();
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1024 * 1024;

            // Kestrel's endpoints speak HTTP/1.1 and HTTP/2 by default, and over TLS ALPN picks HTTP/2 for the agents' gRPC
            // stream. A plain endpoint cannot tell them apart and serves HTTP/1.1 (setting both explicitly only adds a
            // warning); plain HTTP/2 is the AgentStream endpoint's, on loopback only.
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: true)
                .Endpoint(AgentStreamEndpoint.Name, AgentStreamEndpoint.Configure);
        });
    }
}
