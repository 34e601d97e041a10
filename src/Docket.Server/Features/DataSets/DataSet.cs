namespace Docket.Server.Features.DataSets;

/// <summary>
/// A named set of markings of one scheme, frozen in versions: each change makes a new <see cref="DataSetVersion"/>,
/// so a training run can name exactly what it used.
/// </summary>
public sealed class DataSet
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid SchemeId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }

    /// <summary>The newest version's number (from 1).</summary>
    public int CurrentVersion { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
