namespace Docket.Server.Features.Identity;

public sealed record LoginResponse(string Token, DateTime ExpiresAt, Guid UserId, Guid TenantId);
