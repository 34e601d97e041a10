namespace Docket.Contracts.Projects;

public sealed record ProjectResponse(
    Guid Id, Guid TenantId, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt, string ETag);
