namespace Docket.Contracts.Tenants;

public sealed record TenantResponse(Guid Id, string Name, string? Description, bool IsEnabled, DateTime CreatedAt, string ETag);
