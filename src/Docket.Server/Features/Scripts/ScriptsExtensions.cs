using Docket.Server.Features.Tenants;
using Docket.Server.Storage.Blobs;

namespace Docket.Server.Features.Scripts;

public static class ScriptsExtensions
{
    public static IHostApplicationBuilder AddScripts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ScriptService>();
        builder.Services.AddScoped<ScriptQueries>();
        builder.Services.AddScoped<ITenantRowHolder, ScriptTenantRows>();
        builder.Services.AddSingleton<IBlobReferences, ScriptBlobReferences>();
        return builder;
    }
}
