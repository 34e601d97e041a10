using Docket.Server.Security;
using Docket.Server.Storage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

public static class IdentityExtensions
{
    /// <summary>Sign-in, passwords, lockouts and rate limits, sessions, and the credential store the security layer reads.</summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        builder.Services.AddSingleton<SignInLimiter>();
        builder.Services.AddScoped<LockoutCounter>();
        // The sign-in policy reads the bound Identity options, so it is configured through the options system.
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<IdentityOptions>>((limiter, identity) => SignInLimiter.Configure(limiter, identity.Value.SignInLimits.PerAddress));
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<PasswordPolicy>();
        builder.Services.AddScoped<PrincipalFactory>();
        builder.Services.AddScoped<ICredentialStore>(services => services.GetRequiredService<PrincipalFactory>());
        builder.Services.AddScoped<RightsGuard>();
        builder.Services.AddScoped<AuthService>();
        builder.Services.AddScoped<AdministratorSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder>(services => services.GetRequiredService<AdministratorSeeder>());
        return builder;
    }
}
