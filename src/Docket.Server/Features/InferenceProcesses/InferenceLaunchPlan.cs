using Docket.Server.Features.Agents.Launches;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>What a launch of an inference process (or a test run) takes: its files, its engine input, and the model version it serves.</summary>
public sealed record InferenceLaunchPlan(IReadOnlyList<LaunchFile> Files, string EngineInputJson, Guid ModelVersionId, int ModelVersion);
