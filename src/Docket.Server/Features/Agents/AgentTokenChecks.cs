using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Docket.Server.Common;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Security;

namespace Docket.Server.Features.Agents;

/// <summary>
/// What the agent-only HTTP endpoints (file downloads, a launch's output uploads) check of a caller, in one order so
/// that both answer alike: the agent's own key (401), a token whose hash is the row's (404, compared in constant
/// time, so a wrong token and an unknown row look the same), issued to that agent of that tenant (403), and an
/// enabled agent (403).
/// </summary>
internal static class AgentTokenChecks
{
    /// <summary>
    /// Whether the call is refused (then <paramref name="refusal"/> says why). <paramref name="row"/> is the row the
    /// token names, null when there is none; it is known to be there when the call is not refused.
    /// </summary>
    public static bool Refused<T>(
        Agent? agent, [NotNullWhen(false)] T? row, Func<T, (string Hash, Guid AgentId, Guid TenantId)> owner, string? secret, string tokenName,
        [NotNullWhen(true)] out ApiError? refusal)
        where T : class
    {
        refusal = Refusal(agent, row is null ? null : owner(row), secret, tokenName);
        return refusal is not null;
    }

    private static ApiError? Refusal(Agent? agent, (string Hash, Guid AgentId, Guid TenantId)? owner, string? secret, string tokenName)
    {
        if (agent is null)
        {
            return new ApiError(StatusCodes.Status401Unauthorized, "Unauthorized", "Send the agent's own key as a bearer token.");
        }

        if (owner is not { } issued || secret is null || !SameHash(issued.Hash, Secrets.HashToken(secret)))
        {
            return ApiError.NotFound($"The {tokenName} (sent in {AgentFiles.TokenHeader})");
        }

        if (issued.AgentId != agent.Id || issued.TenantId != agent.TenantId)
        {
            return ApiError.Forbidden($"The {tokenName} was issued to another agent.");
        }

        return agent.IsEnabled ? null : ApiError.Forbidden("The agent is disabled.");
    }

    private static bool SameHash(string stored, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(presented));
}
