namespace Docket.Server.Features.Agents;

/// <summary>
/// A command waiting for an agent, sent to it, or answered: the outbox between whoever asks (on any replica) and the
/// replica that holds the agent's stream, which finds it by polling and sends it. Rows are transport, not history:
/// what a command did is in the journal; answered and expired rows are removed after <see cref="AgentOptions.CommandRetention"/>.
/// </summary>
public sealed class AgentCommand
{
    public required Guid Id { get; init; }
    public required Guid AgentId { get; init; }

    /// <summary>The command's case (<c>ping</c>, ...), for reading the table without decoding the payload.</summary>
    public required string Kind { get; init; }

    /// <summary>The protocol's <c>Command</c> message, serialized; its command id is <see cref="Id"/>.</summary>
    public required byte[] Payload { get; init; }

    public required DateTime CreatedAt { get; init; }

    /// <summary>After this a command not yet sent is not sent at all (its asker has given up).</summary>
    public required DateTime ExpiresAt { get; init; }

    /// <summary>When it was written to a stream, and which one: a command sent on a stream that broke before the
    /// agent answered is sent again on the agent's next stream.</summary>
    public DateTime? SentAt { get; set; }
    public Guid? SentOnConnectionId { get; set; }

    public DateTime? AnsweredAt { get; set; }
    public bool? Succeeded { get; set; }
    public string? Error { get; set; }

    /// <summary>The agent's clock when it answered.</summary>
    public DateTime? AgentAnsweredAt { get; set; }
}
