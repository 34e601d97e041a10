using Docket.Server.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Features.Agents.Transfers;

/// <summary>
/// <c>/api/v1/agent-files/{id}</c>: the one file a token lets one agent download. Anonymous to HTTP authentication,
/// because an agent's key opens no other endpoint of the API (ApiKey.ForAgent); <see cref="AgentFiles"/> checks the
/// key and the token itself.
/// </summary>
public static class AgentFileEndpoints
{
    private const string Route = "/api/v1/agent-files";

    public static string PathOf(Guid id) => $"{Route}/{id}";

    public static IEndpointRouteBuilder MapAgentFileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route + "/{id:guid}", DownloadAsync).AllowAnonymous().WithTags("Agents")
            .WithName("DownloadAgentFile")
            .WithSummary("Download a file for an agent")
            .WithDescription("For agents only: the file a command's ticket names, sent with the agent's own key (Authorization: Bearer) "
                + $"and the ticket's token ({AgentFiles.TokenHeader}). Ranges are allowed (If-Range with the ETag), so a broken download "
                + "resumes; the ETag and Repr-Digest carry the file's SHA-256.")
            .ProblemWhen(401, "no agent's key is sent, or it is unknown, revoked or expired")
            .ProblemWhen(403, "the token was issued to another agent, it expired, or the agent is disabled")
            .ProblemWhen(404, "no token with that id, or the token sent is not its own")
            .ProblemWhen(410, "the file, or what it belonged to (a dataset, a model), was removed after the token was issued");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, [FromHeader(Name = AgentFiles.TokenHeader)] string? token, HttpRequest request, HttpResponse response,
        AgentFiles files, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        var credential = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var result = await files.OpenAsync(credential, id, token?.Trim(), cancellationToken);
        if (result.Error is not null)
        {
            if (result.Error.Status == StatusCodes.Status401Unauthorized)
            {
                response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            }

            return result.Error.ToProblem();
        }

        var file = result.Value!;
        // RFC 9530: the digest of the whole representation, whatever range this response carries.
        response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(file.Sha256))}:";
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(file.Content, "application/octet-stream", file.Name,
            lastModified: new DateTimeOffset(file.IssuedAt, TimeSpan.Zero),
            entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true);
    }
}
