namespace Docket.Contracts.Identity;

/// <summary>A request that checks a password (login, password change): what the per-login rate limit is kept by.</summary>
public interface ISignInRequest
{
    string Login { get; }
    string? Tenant { get; }
}
