using System.Globalization;
using System.Security.Cryptography;
using Docket.Server.Features.Users;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// PBKDF2-HMAC-SHA512 (OWASP's iteration count by default), stored as
/// <c>pbkdf2-sha512$iterations$salt$hash</c> so the cost can rise without breaking old hashes.
/// </summary>
public sealed class PasswordHasher(IOptions<IdentityOptions> options) : IPasswordHasher
{
    private const string Algorithm = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verified against when the login does not exist, so that a miss costs as long as a wrong password.
    private readonly Lazy<string> decoy = new(() => Hash(RandomNumberGenerator.GetHexString(32), options.Value.PasswordHashIterations));

    public string Hash(string password) => Hash(password, options.Value.PasswordHashIterations);

    public PasswordVerification Verify(string? storedHash, string password)
    {
        var parts = (storedHash ?? decoy.Value).Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            return PasswordVerification.Failed;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        if (storedHash is null || !CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return iterations < options.Value.PasswordHashIterations ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
    }

    private static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}
