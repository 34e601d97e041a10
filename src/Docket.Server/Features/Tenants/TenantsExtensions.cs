using Docket.Server.Journal;

namespace Docket.Server.Features.Tenants;

public static class TenantsExtensions
{
    public static IHostApplicationBuilder AddTenants(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TenantService>();
        builder.Services.AddSingleton<IJournalNameSource, TenantJournalNames>();
        builder.Services.AddScoped<TenantQueries>();
        return builder;
    }
}
