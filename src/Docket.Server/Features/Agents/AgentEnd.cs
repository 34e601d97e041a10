namespace Docket.Server.Features.Agents;

/// <summary>Why the server ended an agent's stream from its side.</summary>
public enum AgentEnd
{
    Disabled,
    Removed,
    Replaced,
}
