using Docket.Server.Common;
using Docket.Server.Features.Agents.Transfers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// <c>/api/v1/agent-launches/{id}/outputs/{role}</c>: where the agent that runs a launch uploads what the run left.
/// Anonymous to HTTP authentication, like the agents' downloads: an agent's key opens no other endpoint of the API,
/// and <see cref="AgentLaunchOutputs"/> checks the key and the launch's token itself.
/// </summary>
public static class AgentLaunchOutputEndpoints
{
    private const string Route = "/api/v1/agent-launches";

    public static string PathOf(Guid launchId, LaunchOutputRole role) => $"{Route}/{launchId}/outputs/{NameOf(role)}";

    public static IEndpointRouteBuilder MapAgentLaunchOutputEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut(Route + "/{id:guid}/outputs/{role}", UploadAsync).AllowAnonymous().WithTags("Agents")
            .WithName("UploadAgentLaunchOutput")
            .WithSummary("Upload a run's output, for an agent")
            .WithDescription("For agents only: what a launch's run left (`model-package`: a training's model package as a zip; `predictions`: a test "
                + "run's predictions as NDJSON), sent as the whole body with the agent's own key (Authorization: Bearer), the launch's token "
                + $"({AgentFiles.TokenHeader}) and the bytes' SHA-256 in Repr-Digest (RFC 9530). Sent again, it replaces what an earlier, broken upload left.")
            .Accepts<Stream>("application/octet-stream", "application/zip", "application/x-ndjson")
            .Produces(StatusCodes.Status204NoContent)
            .ProblemWhen(400, "the Repr-Digest header is not a sha-256 digest")
            .ProblemWhen(401, "no agent's key is sent, or it is unknown, revoked or expired")
            .ProblemWhen(403, "the launch runs on another agent, or the agent is disabled")
            .ProblemWhen(404, "no launch with that id, the token sent is not its own, or the launch's kind leaves no such output")
            .ProblemWhen(409, "the launch has ended")
            .ProblemWhen(413, "the body is larger than Agents:MaxOutputBytes")
            .ProblemWhen(422, "the bytes do not have the SHA-256 sent in Repr-Digest");
        return app;
    }

    private static async Task<IResult> UploadAsync(
        Guid id, string role, [FromHeader(Name = AgentFiles.TokenHeader)] string? token, HttpContext context, AgentLaunchOutputs outputs,
        IOptions<AgentOptions> options, CancellationToken cancellationToken)
    {
        if (RoleOf(role) is not { } outputRole)
        {
            return ApiError.NotFound($"An output named '{role}' (model-package or predictions)").ToProblem();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.Value.MaxOutputBytes;
        }

        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var credential = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var error = await outputs.ReceiveAsync(credential, id, outputRole, token?.Trim(), request.Headers["Repr-Digest"].ToString(), request, cancellationToken);
        if (error is null)
        {
            return TypedResults.NoContent();
        }

        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        }

        return error.ToProblem();
    }

    private static string NameOf(LaunchOutputRole role) => role switch
    {
        LaunchOutputRole.ModelPackage => "model-package",
        LaunchOutputRole.Predictions => "predictions",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static LaunchOutputRole? RoleOf(string name) =>
        Enum.GetValues<LaunchOutputRole>().Cast<LaunchOutputRole?>().FirstOrDefault(r => NameOf(r!.Value) == name);
}
