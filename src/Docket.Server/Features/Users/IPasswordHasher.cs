namespace Docket.Server.Features.Users;

/// <summary>
/// How a password is stored on its user. The sign-in area (Identity), which verifies it, implements it; users, who set
/// it, ask through this so that they need not know sign-in, which depends on them.
/// </summary>
public interface IPasswordHasher
{
    string Hash(string password);
}
