using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Docket.Server.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// The authentication scheme, the right policies and the watch over long-lived streams. Where credentials come from
    /// (<see cref="ICredentialStore"/>) is registered by the identity area.
    /// </summary>
    public static IHostApplicationBuilder AddDocketSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CredentialSignals>();
        builder.Services.AddSingleton<CallerWatcher>();
        builder.Services.AddAuthentication(DocketClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, DocketAuthenticationHandler>(DocketClaims.Scheme, null);
        builder.Services.AddSingleton<IAuthorizationPolicyProvider, RightPolicyProvider>();
        builder.Services.AddSingleton<IAuthorizationHandler, RightRequirementHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, policy => policy.AddAuthenticationSchemes(DocketClaims.Scheme).RequireAuthenticatedUser())
            .AddPolicy(Policies.Administrator, policy => policy.AddAuthenticationSchemes(DocketClaims.Scheme)
                .RequireAuthenticatedUser().RequireClaim(DocketClaims.Administrator, "true"))
            // An endpoint that forgets to declare a rule is closed, not open.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(DocketClaims.Scheme).RequireAuthenticatedUser().Build());
        return builder;
    }
}
