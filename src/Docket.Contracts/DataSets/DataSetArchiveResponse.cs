namespace Docket.Contracts.DataSets;

/// <summary>An archive build and its progress; <see cref="OperationKey"/> finds its events in the journal.</summary>
public sealed record DataSetArchiveResponse(
    Guid Id, Guid TenantId, Guid ProjectId, Guid DataSetId, int VersionNumber, DataSetArchiveState State,
    int ItemsDone, int ItemCount, long? Size, string? Error, string OperationKey,
    DateTime RequestedAt, DateTime? StartedAt, DateTime? CompletedAt);
