using Docket.Contracts.MarkingSchemes;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>The fields to extract from one kind of document in a project (or, for a classifier, the document types).</summary>
public sealed class MarkingScheme
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProjectId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public required MarkingSchemeKind Kind { get; init; }
    public List<MarkingField> Fields { get; init; } = [];
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every change to the scheme or any of its fields; markings are checked against one state.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
