using Docket.Contracts.Agents;
using Docket.Contracts.InferenceProcesses;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>The inference process contracts made from the stored rows: the contracts assembly cannot know the entities.</summary>
public static class InferenceProcessResponses
{
    extension(InferenceProcessResponse)
    {
        public static InferenceProcessResponse From(InferenceProcess p, AgentState? agentState) =>
            new(p.Id, p.TenantId, p.Name, p.Description, p.AgentId, p.TemplateId, p.ScriptId, p.IsEnabled, p.State,
                p.LaunchOperationKey is null || p.LaunchRequestedAt is null
                    ? null
                    : new InferenceProcessLaunchResponse(p.LaunchOperationKey, p.LaunchRequestedAt.Value, p.LaunchServingAt, p.LaunchEndedAt,
                        p.LaunchReason, p.LaunchModelVersionId, p.LaunchModelVersion),
                agentState, p.CreatedAt, p.UpdatedAt, Common.ETags.From(p.ConcurrencyStamp));
    }
}
