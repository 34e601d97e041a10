namespace Docket.Server.Features.DataSets;

/// <summary>An archive build and its progress; <see cref="OperationKey"/> finds its events in the journal.</summary>
public sealed record DataSetArchiveResponse(
    Guid Id, Guid TenantId, Guid ProjectId, Guid DataSetId, int VersionNumber, DataSetArchiveState State,
    int ItemsDone, int ItemCount, long? Size, string? Error, string OperationKey,
    DateTime RequestedAt, DateTime? StartedAt, DateTime? CompletedAt)
{
    public static DataSetArchiveResponse From(DataSetArchive a) =>
        new(a.Id, a.TenantId, a.ProjectId, a.DataSetId, a.VersionNumber, a.State, a.ItemsDone, a.ItemCount, a.Size, a.Error,
            a.OperationKey, a.RequestedAt, a.StartedAt, a.CompletedAt);
}
