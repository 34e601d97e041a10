namespace Docket.Contracts.Identity;

/// <summary>Anonymous on purpose: it is how a first or expired password is replaced before any login succeeds.</summary>
public sealed record ChangePasswordRequest : ISignInRequest
{
    public required string Login { get; init; }
    public string? Tenant { get; init; }
    public required string CurrentPassword { get; init; }
    public required string NewPassword { get; init; }
}
