using Docket.Contracts.DataSets;
using Docket.Server.Workers;

namespace Docket.Server.Features.DataSets;

/// <summary>A zip of one dataset version, built in the background; downloadable once <see cref="DataSetArchiveState.Ready"/>.</summary>
public sealed class DataSetArchive : ILeased
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid DataSetId { get; init; }
    public required Guid VersionId { get; init; }
    public required int VersionNumber { get; init; }
    public required DataSetArchiveState State { get; set; }

    /// <summary>
    /// The archive format version the zip is (or will be) written in: only a build of the version this server writes
    /// is reused for a new request. Rows from before format 2 hold 1.
    /// </summary>
    public required int FormatVersion { get; set; }

    /// <summary>The zip's blob key once ready.</summary>
    public string? Blob { get; set; }

    public long? Size { get; set; }
    public int ItemsDone { get; set; }
    public required int ItemCount { get; init; }
    public string? Error { get; set; }

    /// <summary>The operation that asked for the archive; the build's events carry it.</summary>
    public required string OperationKey { get; init; }

    public required DateTime RequestedAt { get; init; }
    public Guid? RequestedBy { get; init; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>The replica building it, and until when; another replica takes over a build whose lease ran out.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
