using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Models;
using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.InferenceProcessTemplates;

public static class InferenceProcessTemplatesExtensions
{
    public static IHostApplicationBuilder AddInferenceProcessTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<InferenceProcessTemplateService>();
        builder.Services.AddScoped<InferenceProcessTemplateQueries>();
        builder.Services.AddScoped<IModelRemovalCheck>(sp => sp.GetRequiredService<InferenceProcessTemplateQueries>());
        builder.Services.AddScoped<IModelVersionRemovalCheck>(sp => sp.GetRequiredService<InferenceProcessTemplateQueries>());
        builder.Services.AddScoped<IMarkingSchemeRemovalCheck>(sp => sp.GetRequiredService<InferenceProcessTemplateQueries>());
        builder.Services.AddScoped<ITenantRowHolder, InferenceProcessTemplateTenantRows>();
        return builder;
    }
}
