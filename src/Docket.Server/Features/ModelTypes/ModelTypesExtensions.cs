using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.ModelTypes;

public static class ModelTypesExtensions
{
    public static IHostApplicationBuilder AddModelTypes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ModelTypeService>();
        builder.Services.AddScoped<ModelTypeQueries>();
        builder.Services.AddScoped<ITenantRowHolder, ModelTypeTenantRows>();
        return builder;
    }
}
