using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Docket.Server.Storage.Blobs;

namespace Docket.Server.Features.ModelTemplates;

public static class ModelTemplatesExtensions
{
    public static IHostApplicationBuilder AddModelTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ModelTemplateService>();
        builder.Services.AddScoped<ModelTemplateQueries>();
        builder.Services.AddScoped<IModelTypeRemovalCheck>(sp => sp.GetRequiredService<ModelTemplateQueries>());
        builder.Services.AddScoped<ITenantRowHolder, ModelTemplateTenantRows>();
        builder.Services.AddSingleton<IBlobReferences, ModelTemplateBlobReferences>();
        return builder;
    }
}
