namespace Docket.Contracts.Agents;

/// <summary>The level of an agent's log line, in the order of .NET's log levels, so that "this level and above" is a comparison.</summary>
public enum AgentLogLevel
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}
