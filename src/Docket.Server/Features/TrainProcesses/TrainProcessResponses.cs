using Docket.Contracts.TrainProcesses;
using Docket.Server.Features.Agents;

namespace Docket.Server.Features.TrainProcesses;

/// <summary>The training process contract made from the stored process: the contracts assembly cannot know the entity.</summary>
public static class TrainProcessResponses
{
    extension(TrainProcessResponse)
    {
        /// <param name="agent">The agent as it is now; null when it was removed.</param>
        public static TrainProcessResponse From(TrainProcess p, AgentSummary? agent) =>
            new(p.Id, p.TenantId, p.Name, p.Description, p.AgentId,
                agent is null ? null : new TrainProcessAgentResponse(agent.Id, agent.Name, agent.IsEnabled, agent.State),
                p.TrainProcessTemplateId, p.ScriptId, p.DataSetId, p.DataSetVersion, p.TestDataSetId, p.TestDataSetVersion, p.ModelId,
                p.ModelVersion, p.IsEnabled, p.State,
                p.LastOperationKey is { } key && p.LastStartedAt is { } started
                    ? new TrainProcessRunResponse(key, started, p.LastEndedAt, p.LastReason, p.LastModelVersion)
                    : null,
                p.CreatedAt, p.UpdatedAt, Common.ETags.From(p.ConcurrencyStamp));
    }
}
