using Docket.Server.Workers;

namespace Docket.Server.Features.DataSets;

/// <summary>Wakes this node's archive builder when a build is queued here; other replicas' requests are found by polling.</summary>
public sealed class DataSetArchiveSignal : WorkerSignal;
