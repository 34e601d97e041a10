namespace Docket.Contracts.Identity;

public sealed record LoginResponse(string Token, DateTime ExpiresAt, Guid UserId, Guid TenantId);
