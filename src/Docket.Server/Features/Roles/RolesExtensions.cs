namespace Docket.Server.Features.Roles;

public static class RolesExtensions
{
    public static IHostApplicationBuilder AddRoles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RoleService>();
        builder.Services.AddScoped<RoleQueries>();
        return builder;
    }
}
