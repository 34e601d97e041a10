namespace Docket.Server.Features.ApiKeys;

public static class ApiKeysExtensions
{
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddScoped<ApiKeyCredentials>();
        return builder;
    }
}
