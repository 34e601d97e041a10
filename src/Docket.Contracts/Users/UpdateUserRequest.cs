namespace Docket.Contracts.Users;

public sealed record UpdateUserRequest
{
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
}
