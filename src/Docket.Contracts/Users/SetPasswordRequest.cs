namespace Docket.Contracts.Users;

public sealed record SetPasswordRequest
{
    public required string NewPassword { get; init; }
    public bool MustChangePassword { get; init; } = true;
}
