using Docket.Server.Features.ModelTypes;
using Docket.Server.Features.Tenants;
using Docket.Server.Storage.Blobs;

namespace Docket.Server.Features.Models;

public static class ModelsExtensions
{
    public static IHostApplicationBuilder AddModels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ModelService>();
        builder.Services.AddScoped<ModelQueries>();
        builder.Services.AddScoped<IModelTypeRemovalCheck>(sp => sp.GetRequiredService<ModelQueries>());
        builder.Services.AddScoped<ITenantRowHolder, ModelTenantRows>();
        builder.Services.AddSingleton<IBlobReferences, ModelBlobReferences>();
        return builder;
    }
}
