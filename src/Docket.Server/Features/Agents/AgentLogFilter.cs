using Docket.Contracts.Agents;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The query of <c>GET /api/v1/agents/{id}/log-lines</c>: one process's lines, this level and above, a time range by the
/// agent's clock (from inclusive, to exclusive), text the message contains (case-sensitive), and the page.
/// </summary>
public sealed record AgentLogFilter(
    Guid? ProcessId, AgentLogLevel? Level, DateTimeOffset? From, DateTimeOffset? To, string? Contains, string? Cursor, int? Limit);
