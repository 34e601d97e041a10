namespace Docket.Server.Features.Agents.Launches;

/// <summary>How an agent answered a start or a stop.</summary>
public enum LaunchAnswerKind
{
    /// <summary>The agent took it: the launch's steps (or its end, for a stop) follow as reports.</summary>
    Accepted,

    /// <summary>The agent said no; <see cref="LaunchAnswer.Reason"/> says why (for a stop: it does not run that process).</summary>
    Refused,

    /// <summary>No answer in time: the command stays queued until it expires, and the reports or the reconcile settle it.</summary>
    NoAnswer,
}

/// <summary>An agent's answer to a start or a stop, with the agent's reason when it refused.</summary>
public sealed record LaunchAnswer(LaunchAnswerKind Kind, string? Reason = null);
