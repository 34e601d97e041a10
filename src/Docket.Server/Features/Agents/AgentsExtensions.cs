using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.Tenants;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;

namespace Docket.Server.Features.Agents;

public static class AgentsExtensions
{
    public static IHostApplicationBuilder AddAgents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<AgentService>();
        builder.Services.AddScoped<AgentPresence>();
        builder.Services.AddScoped<AgentFiles>();
        builder.Services.AddScoped<AgentLogs>();
        builder.Services.AddScoped<LocalAgentProvisioner>();
        builder.Services.AddScoped<IDatabaseSeeder>(services => services.GetRequiredService<LocalAgentProvisioner>());
        builder.Services.AddSingleton<AgentLogRetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentLogRetentionService>());
        builder.Services.AddHostedService<AgentAutoDisableService>();
        builder.Services.AddScoped<ITenantRowHolder, AgentTenantRows>();
        builder.Services.AddSingleton<AgentConnections>();
        builder.Services.AddScoped<AgentCommands>();
        builder.Services.AddScoped<AgentPing>();
        builder.Services.AddScoped<AgentQueries>();
        builder.Services.AddScoped<AgentLaunches>();
        builder.Services.AddScoped<AgentLaunchOutputs>();
        builder.Services.AddSingleton<AgentLaunchReports>();
        builder.Services.AddSingleton<IBlobReferences, AgentLaunchBlobReferences>();
        builder.Services.AddSingleton<AgentCommandSignal>();
        builder.Services.AddSingleton<AgentCommandAnswers>();
        builder.Services.AddHostedService<AgentCommandDispatcher>();
        builder.Services.AddGrpc();
        return builder;
    }

    /// <summary>
    /// The agents' gRPC stream. It takes no HTTP authentication: an agent's key opens only its stream (ApiKey.ForAgent),
    /// and the stream checks it itself, to answer what is wrong in the protocol's own terms.
    /// </summary>
    public static IEndpointRouteBuilder MapAgentStream(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<AgentHubService>().AllowAnonymous();
        return app;
    }
}
