using System.Security.Cryptography;
using System.Text;

namespace Docket.Server.Security;

/// <summary>Random tokens and their stored form. Tokens are 256-bit random, so a plain SHA-256 is a safe stored form.</summary>
public static class Secrets
{
    public static string NewToken(string prefix) =>
        prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
