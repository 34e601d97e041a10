namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// What a process area asks of <see cref="AgentLaunches.StageAsync"/>: run <paramref name="Kind"/> for its process
/// <paramref name="ProcessId"/> on agent <paramref name="AgentId"/>, which must belong to <paramref name="TenantId"/>
/// (the tenant whose data the files are). <paramref name="EngineInputJson"/> is the engine input's JSON object
/// (docs/engine-contract.md); the agent fills in the contract version, kind, run id and folders. A null
/// <paramref name="TimeLimit"/> means none.
/// </summary>
public sealed record LaunchRequest(
    Guid AgentId, Guid TenantId, LaunchKind Kind, Guid ProcessId, IReadOnlyList<LaunchFile> Files, string EngineInputJson, TimeSpan? TimeLimit);
