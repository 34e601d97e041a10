using Docket.Server.Workers;

namespace Docket.Server.Features.Agents;

/// <summary>Wakes this replica's <see cref="AgentCommandDispatcher"/>: a command was queued here, or a stream opened.</summary>
public sealed class AgentCommandSignal : WorkerSignal;
