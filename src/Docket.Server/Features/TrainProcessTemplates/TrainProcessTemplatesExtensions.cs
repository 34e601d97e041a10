using Docket.Server.Features.ModelTemplates;
using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.TrainProcessTemplates;

public static class TrainProcessTemplatesExtensions
{
    public static IHostApplicationBuilder AddTrainProcessTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TrainProcessTemplateService>();
        builder.Services.AddScoped<TrainProcessTemplateQueries>();
        builder.Services.AddScoped<IModelTypeRemovalCheck>(sp => sp.GetRequiredService<TrainProcessTemplateQueries>());
        builder.Services.AddScoped<IModelTemplateRemovalCheck>(sp => sp.GetRequiredService<TrainProcessTemplateQueries>());
        builder.Services.AddScoped<ITenantRowHolder, TrainProcessTemplateTenantRows>();
        return builder;
    }
}
