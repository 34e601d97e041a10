using Docket.Server.Features.Agents;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.InferenceProcesses;

public static class InferenceProcessesExtensions
{
    public static IHostApplicationBuilder AddInferenceProcesses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InferenceProcessOptions>().BindConfiguration(InferenceProcessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<InferenceProcessService>();
        builder.Services.AddScoped<InferenceTestRunService>();
        builder.Services.AddScoped<InferenceLaunchPlanner>();
        builder.Services.AddScoped<IAgentLaunchHandler, InferenceLaunchHandler>();
        builder.Services.AddScoped<ITenantRowHolder, InferenceProcessTenantRows>();
        builder.Services.AddScoped<IAgentRemovalCheck, InferenceProcessAgentCheck>();
        return builder;
    }
}
