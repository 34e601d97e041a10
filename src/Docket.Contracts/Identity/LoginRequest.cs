namespace Docket.Contracts.Identity;

public sealed record LoginRequest : ISignInRequest
{
    public required string Login { get; init; }
    public required string Password { get; init; }

    /// <summary>The tenant's name; the default tenant when omitted.</summary>
    public string? Tenant { get; init; }

    /// <summary>Also set the console's HttpOnly session cookie.</summary>
    public bool UseCookie { get; init; }
}
