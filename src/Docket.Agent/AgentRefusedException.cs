using Docket.Agent.Protocol.V1;

namespace Docket.Agent;

/// <summary>The server refused this agent's hello: a person has to fix the cause, so the agent waits longest before trying again.</summary>
public sealed class AgentRefusedException(RefusalReason reason, string detail) : Exception($"The server refused the agent ({reason}): {detail}")
{
    public RefusalReason Reason { get; } = reason;
}
