using Docket.Server.Features.Agents;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Models;
using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.TrainProcesses;

public static class TrainProcessesExtensions
{
    public static IHostApplicationBuilder AddTrainProcesses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TrainProcessService>();
        builder.Services.AddScoped<TrainProcessRuns>();
        builder.Services.AddScoped<TrainProcessFiles>();
        builder.Services.AddScoped<TrainProcessTransitions>();
        builder.Services.AddScoped<TrainProcessQueries>();
        builder.Services.AddScoped<IModelRemovalCheck>(sp => sp.GetRequiredService<TrainProcessQueries>());
        builder.Services.AddScoped<IAgentRemovalCheck>(sp => sp.GetRequiredService<TrainProcessQueries>());
        builder.Services.AddScoped<IAgentLaunchHandler, TrainProcessLaunchHandler>();
        builder.Services.AddScoped<ITenantRowHolder, TrainProcessTenantRows>();
        return builder;
    }
}
