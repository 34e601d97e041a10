using Docket.Events;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// A step of a launch the agent reported (docs/agents.md, "Steps"): a catalog code of the launch's kind, already
/// checked to be one the agent may report, and taken once per launch. <paramref name="Time"/> is the agent's clock.
/// </summary>
public sealed record LaunchStep(EventCode Code, bool IsError, DateTime Time, string Text);
