using Docket.Server.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Docket.Server.Hosting;

/// <summary>
/// The document's own parts: its title and introduction, the three ways a caller signs in (bearer token or API key,
/// X-Api-Key, the console's session cookie), and server addresses without a trailing slash so that a generated
/// client joining them with the paths does not make <c>//api</c>.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";
    public const string Cookie = "cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Docket API";
        document.Info.Description =
            "The Docket server's HTTP API. Errors are RFC 9457 problem details (application/problem+json) with a traceId. "
            + "Changes honour If-Match on the ETag of the object they change (412 when it was changed since it was read); "
            + "the X-Operation-Key header marks every journal event of a request. Each operation says which right it needs.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A session token from POST /api/v1/auth/login, or an API key.",
            },
            [ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = DocketAuthenticationHandler.ApiKeyHeader,
                Description = "An API key from POST /api/v1/api-keys.",
            },
            [Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = DocketAuthenticationHandler.CookieName,
                Description = "The console's session cookie, set by a login with useCookie; writes must come from the server's own origin.",
            },
        };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
