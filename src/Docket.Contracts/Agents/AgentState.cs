namespace Docket.Contracts.Agents;

/// <summary>What the server knows of an agent's connection, from its stream and heartbeats.</summary>
public enum AgentState
{
    /// <summary>Never connected since it was created.</summary>
    Unknown,

    /// <summary>Connected, heartbeats on time, running nothing.</summary>
    Available,

    /// <summary>Connected, heartbeats on time, running at least one process.</summary>
    Busy,

    /// <summary>Its stream ended, or its heartbeats stopped for two periods (Agents:Period).</summary>
    Disconnected,
}
