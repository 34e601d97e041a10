using Docket.Contracts.DataSets;

namespace Docket.Server.Features.DataSets;

/// <summary>The archive contract made from a stored archive build.</summary>
public static class DataSetArchiveResponses
{
    extension(DataSetArchiveResponse)
    {
        public static DataSetArchiveResponse From(DataSetArchive a) =>
            new(a.Id, a.TenantId, a.ProjectId, a.DataSetId, a.VersionNumber, a.State, a.ItemsDone, a.ItemCount, a.Size, a.Error,
                a.OperationKey, a.RequestedAt, a.StartedAt, a.CompletedAt);
    }
}
