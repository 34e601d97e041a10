namespace Docket.Contracts.ModelTemplates;

/// <summary>A model template; <see cref="Package"/> is null until its zip is uploaded.</summary>
public sealed record ModelTemplateResponse(
    Guid Id, Guid TenantId, string Name, Guid ModelTypeId, string? Description, ModelPackageResponse? Package,
    DateTime CreatedAt, DateTime UpdatedAt, string ETag);
