namespace Docket.Server.Features.Projects;

/// <summary>A workspace for one kind of document; plays the "folder" of the export model.</summary>
public sealed class Project
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
