namespace Docket.Server.Features.Markings;

/// <summary>
/// One image's annotation under one scheme: each field's boxes (page pixels) and value, tables as rows of cells.
/// The values are kept as JSON keyed by field id (see <see cref="MarkingContent"/>), so renaming a field keeps them.
/// </summary>
public sealed class Marking
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid ImageId { get; init; }
    public required Guid SchemeId { get; init; }

    /// <summary><see cref="MarkingContent"/> as JSON.</summary>
    public required string Content { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
