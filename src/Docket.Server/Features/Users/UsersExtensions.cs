using Docket.Server.Features.Roles;
using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.Users;

public static class UsersExtensions
{
    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<UserQueries>();
        builder.Services.AddScoped<RightsGuard>();
        // Users answer the role and tenant areas' questions about the rows they keep.
        builder.Services.AddScoped<IRoleHolders>(services => services.GetRequiredService<UserQueries>());
        builder.Services.AddScoped<ITenantRowHolder>(services => services.GetRequiredService<UserQueries>());
        return builder;
    }
}
