using Docket.Server.Features.Users;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>Checks a new password against the configured policy and says every rule it breaks.</summary>
public sealed class PasswordPolicy(IOptions<IdentityOptions> options) : IPasswordPolicy
{
    private const int MaxLength = 256;

    public string[] Check(string? password)
    {
        var policy = options.Value.Password;
        if (string.IsNullOrEmpty(password))
        {
            return ["is required."];
        }

        var problems = new List<string>();
        if (password.Length < policy.MinLength)
        {
            problems.Add($"must be at least {policy.MinLength} characters.");
        }

        if (password.Length > MaxLength)
        {
            problems.Add($"must be at most {MaxLength} characters.");
        }

        if (policy.RequireLowercase && !password.Any(char.IsLower))
        {
            problems.Add("must contain a lower-case letter.");
        }

        if (policy.RequireUppercase && !password.Any(char.IsUpper))
        {
            problems.Add("must contain an upper-case letter.");
        }

        if (policy.RequireDigit && !password.Any(char.IsDigit))
        {
            problems.Add("must contain a digit.");
        }

        if (policy.RequireSymbol && password.All(char.IsLetterOrDigit))
        {
            problems.Add("must contain a symbol (a character that is neither a letter nor a digit).");
        }

        return [.. problems];
    }
}
