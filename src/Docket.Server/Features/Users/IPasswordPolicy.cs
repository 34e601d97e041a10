namespace Docket.Server.Features.Users;

/// <summary>
/// The rules a new password must keep. The sign-in area (Identity) configures and implements them; users, who set
/// passwords, ask through this so that they need not know sign-in, which depends on them.
/// </summary>
public interface IPasswordPolicy
{
    /// <summary>Every rule the password breaks, as sentences for a problem's <c>errors</c>; empty when it keeps them all.</summary>
    string[] Check(string? password);
}
