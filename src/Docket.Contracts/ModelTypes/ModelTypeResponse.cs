namespace Docket.Contracts.ModelTypes;

/// <summary>A model type; a built-in one has no tenant (every tenant has it) and cannot be changed or removed.</summary>
public sealed record ModelTypeResponse(
    Guid Id, Guid? TenantId, string Name, ModelPurpose Purpose, string? Description, bool IsBuiltIn,
    DateTime CreatedAt, DateTime UpdatedAt, string ETag);
