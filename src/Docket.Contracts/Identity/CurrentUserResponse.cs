namespace Docket.Contracts.Identity;

public sealed record CurrentUserResponse(
    Guid Id,
    string Login,
    string? DisplayName,
    Guid TenantId,
    string TenantName,
    bool IsAdministrator,
    IReadOnlyDictionary<string, string[]> Rights);
