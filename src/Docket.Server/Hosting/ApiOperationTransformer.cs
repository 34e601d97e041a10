using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Docket.Server.Hosting;

/// <summary>
/// What every operation's documentation says that its endpoint's metadata already knows, so it cannot drift from
/// what is enforced: the rights it needs (read from the authorization policy the endpoint really runs), the 401 and
/// 403 problem answers that follow from them, how to sign in, and the reason for each problem answer declared with
/// <see cref="ProblemResponses.ProblemWhen"/>.
/// </summary>
internal sealed class ApiOperationTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var rule = await RuleAsync(metadata);
        if (!string.IsNullOrWhiteSpace(operation.Description))
        {
            // Only beside a description of its own: an operation without one must stay bare for the linter to see.
            operation.Description = $"{operation.Description}\n\nRights: {rule.Text}";
        }

        operation.Responses ??= [];
        foreach (var reasons in metadata.OfType<ProblemReason>().GroupBy(r => r.Status))
        {
            if (operation.Responses.TryGetValue(Key(reasons.Key), out var response) && response is OpenApiResponse declared)
            {
                declared.Description = Describe(reasons.Key, reasons.Select(r => r.When));
            }
        }

        if (rule.SignedIn)
        {
            operation.Security =
            [
                Requirement(ApiDocumentTransformer.Bearer, context.Document),
                Requirement(ApiDocumentTransformer.ApiKey, context.Document),
                Requirement(ApiDocumentTransformer.Cookie, context.Document),
            ];
            await AddProblemAsync(operation, context, StatusCodes.Status401Unauthorized,
                "the request carries no valid session token, API key or session cookie", cancellationToken);
        }

        if (rule.Forbidden is { } forbidden)
        {
            await AddProblemAsync(operation, context, StatusCodes.Status403Forbidden, forbidden, cancellationToken);
        }
    }

    private async Task<(string Text, bool SignedIn, string? Forbidden)> RuleAsync(IList<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return ("none; no sign-in is needed.", false, null);
        }

        var rights = new List<string>();
        var administrator = false;
        foreach (var name in metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
        {
            var policy = await policies.GetPolicyAsync(name)
                ?? throw new InvalidOperationException($"The authorization policy '{name}' is not known.");
            rights.AddRange(policy.Requirements.OfType<RightRequirement>().Select(r => $"{r.Kind} {r.Rights}"));
            administrator |= policy.Requirements.OfType<ClaimsAuthorizationRequirement>().Any(r => r.ClaimType == DocketClaims.Administrator);
        }

        if (administrator)
        {
            return ("the server's Administrator only.", true, "the caller is not the server's Administrator");
        }

        if (rights.Count > 0)
        {
            var text = string.Join(" and ", rights);
            return ($"{text} (granted by the caller's roles; the Administrator holds every right).", true, $"the caller's roles do not grant {text}");
        }

        // No rule of its own: the fallback policy, any signed-in caller.
        return ("any signed-in caller.", true, null);
    }

    private static async Task AddProblemAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string when, CancellationToken cancellationToken)
    {
        var key = Key(status);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            // The endpoint declared this status for a reason of its own: keep it and add the rule's.
            declared.Description = $"{(declared.Description ?? ReasonPhrases.GetReasonPhrase(status)).TrimEnd('.')}; or {when}.";
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = Describe(status, [when]),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await ProblemDetailsSchemaAsync(context, cancellationToken) },
            },
        };
    }

    /// <summary>A reference to the one ProblemDetails component that the endpoints' own problem answers use too.</summary>
    private static async Task<IOpenApiSchema> ProblemDetailsSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        if (context.Document is not { } document)
        {
            return schema;
        }

        if (document.Components?.Schemas?.ContainsKey(nameof(ProblemDetails)) != true)
        {
            document.AddComponent(nameof(ProblemDetails), schema);
        }

        return new OpenApiSchemaReference(nameof(ProblemDetails), document);
    }

    private static string Key(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(int status, IEnumerable<string> reasons) =>
        $"{ReasonPhrases.GetReasonPhrase(status)}: {string.Join("; or ", reasons)}.";

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
