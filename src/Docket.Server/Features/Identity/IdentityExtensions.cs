using Docket.Server.Features.Users;
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
        // What the users area needs of sign-in, through interfaces it defines, since it may not depend on this one.
        builder.Services.AddSingleton<IPasswordHasher>(services => services.GetRequiredService<PasswordHasher>());
        builder.Services.AddSingleton<IPasswordPolicy>(services => services.GetRequiredService<PasswordPolicy>());
        builder.Services.AddScoped<IUserAccessHandler, SignInAccessHandler>();
        builder.Services.AddScoped<PrincipalFactory>();
        builder.Services.AddScoped<ICredentialStore>(services => services.GetRequiredService<PrincipalFactory>());
        builder.Services.AddScoped<AuthService>();
        builder.Services.AddScoped<AdministratorSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder>(services => services.GetRequiredService<AdministratorSeeder>());
        return builder;
    }
}
