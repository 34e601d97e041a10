using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Identity;

/// <summary>
/// Validates the nested parts of <see cref="IdentityOptions"/> on start: data annotations on a section do not reach its
/// sub-sections, and a lockout of zero attempts or a rate limit of none must not start a server.
/// </summary>
internal sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        var failures = new List<string>();
        Check(options.Password, "Identity:Password", failures);
        Check(options.Lockout, "Identity:Lockout", failures);
        Check(options.SignInLimits, "Identity:SignInLimits", failures);
        Check(options.SignInLimits.PerAddress, "Identity:SignInLimits:PerAddress", failures);
        Check(options.SignInLimits.PerLogin, "Identity:SignInLimits:PerLogin", failures);
        Check(options.Administrator, "Identity:Administrator", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object section, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{path}: {r.ErrorMessage}"));
        }
    }
}
