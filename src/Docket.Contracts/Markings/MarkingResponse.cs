namespace Docket.Contracts.Markings;

/// <summary>A marking as the API shows it: the stored content with the scheme's current field names beside the ids.</summary>
public sealed record MarkingResponse(
    Guid Id,
    Guid TenantId,
    Guid ProjectId,
    Guid ImageId,
    Guid SchemeId,
    IReadOnlyList<MarkingValueResponse> Fields,
    Guid? DocumentTypeId,
    string? DocumentType,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string ETag);
