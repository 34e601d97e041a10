namespace Docket.Server.Features.Agents;

/// <summary>An agent's answer to a command: whether it did it, why not, and its own clock when it answered.</summary>
public sealed record AgentCommandAnswer(bool Succeeded, string? Error, DateTime? AgentAnsweredAt)
{
    public static AgentCommandAnswer? Of(AgentCommand row) =>
        row.AnsweredAt is null ? null : new AgentCommandAnswer(row.Succeeded == true, row.Error, row.AgentAnsweredAt);
}
