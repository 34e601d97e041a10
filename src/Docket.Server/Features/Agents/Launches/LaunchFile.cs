using Docket.Server.Features.Agents.Transfers;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>One file the agent downloads before the engine starts.</summary>
public sealed record LaunchFile(LaunchFileRole Role, AgentFile File);
