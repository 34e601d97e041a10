using System.Text.Json;

namespace Docket.Server.Features.Agents;

/// <summary>What <c>&lt;data&gt;/local-agent.json</c> holds: the local agent's id and key, as the agent reads them (Agent:CredentialsFile).</summary>
public sealed record LocalAgentFile(Guid Id, string Key)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
