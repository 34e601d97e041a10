namespace Docket.Contracts.InferenceProcessTemplates;

/// <summary>An inference template as the API shows it: exactly one of <see cref="ModelVersion"/> and <see cref="ModelTag"/> is set.</summary>
public sealed record InferenceProcessTemplateResponse(
    Guid Id, Guid TenantId, string Name, string? Description, Guid ModelId, int? ModelVersion, string? ModelTag, Guid MarkingSchemeId,
    IReadOnlyList<string> AllowedExtensions, bool OrientationDetection, bool LineRemoval, bool TableHeaderParsing,
    DateTime CreatedAt, DateTime UpdatedAt, string ETag);
