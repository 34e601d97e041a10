namespace Docket.Contracts.MarkingSchemes;

/// <summary>A scheme with its fields in order; the ETag changes with every change to the scheme or a field.</summary>
public sealed record MarkingSchemeResponse(
    Guid Id,
    Guid TenantId,
    Guid ProjectId,
    string Name,
    string? Description,
    MarkingSchemeKind Kind,
    IReadOnlyList<MarkingFieldResponse> Fields,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string ETag);
