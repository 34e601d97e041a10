using Docket.Server.Features.Agents.Launches;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>What a start hands to the agent: the files, the engine input's JSON object, and the training template's time limit.</summary>
public sealed record TrainProcessLaunchPlan(IReadOnlyList<LaunchFile> Files, string EngineInputJson, TimeSpan TimeLimit, Guid ModelTemplateId);
