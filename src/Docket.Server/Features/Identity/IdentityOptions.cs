using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Features.Identity;

/// <summary>The <c>Identity</c> section: password policy, lockout, sessions and the seeded administrator.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public PasswordPolicyOptions Password { get; set; } = new();
    public LockoutOptions Lockout { get; set; } = new();
    public SignInLimitOptions SignInLimits { get; set; } = new();

    /// <summary>How long a login session (bearer token or console cookie) lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);


    /// <summary>PBKDF2-SHA512 iterations for new hashes; older hashes are upgraded at the next login.</summary>
    [Range(10_000, 10_000_000)]
    public int PasswordHashIterations { get; set; } = 210_000;

    public AdministratorOptions Administrator { get; set; } = new();

    public sealed class PasswordPolicyOptions
    {
        [Range(1, 256)]
        public int MinLength { get; set; } = 8;
        public bool RequireLowercase { get; set; } = true;
        public bool RequireUppercase { get; set; } = true;
        public bool RequireDigit { get; set; }
        public bool RequireSymbol { get; set; } = true;

        /// <summary>Days a password stays valid; 0 means it never expires.</summary>
        [Range(0, 3650)]
        public int ExpiryDays { get; set; }
    }

    /// <summary>Wrong passwords from one client address before that address is locked out of the account, and for how long.</summary>
    public sealed class LockoutOptions
    {
        [Range(1, 1000)]
        public int MaxFailedAttempts { get; set; } = 5;

        /// <summary>How long a lockout lasts after its last attempt; failures older than this are forgotten.</summary>
        [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
        public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
    }

    /// <summary>
    /// Rate limits on sign-in (login and password change), answered with 429 and Retry-After before any password is checked.
    /// Each replica keeps its own count.
    /// </summary>
    public sealed class SignInLimitOptions
    {
        /// <summary>Attempts one client address (an IPv6 /64) may make, whatever the login: stops password spraying from one place.</summary>
        public RateLimitWindowOptions PerAddress { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

        /// <summary>
        /// Attempts at one login from addresses it has not signed in from lately, together: slows guessing from many places.
        /// Set above what one address may send, so that one stranger alone cannot use it up.
        /// </summary>
        public RateLimitWindowOptions PerLogin { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

        /// <summary>An address a login signed in from within this time is its owner's: the per-login limit does not apply to it.</summary>
        [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
        public TimeSpan KnownAddressLifetime { get; set; } = TimeSpan.FromDays(30);
    }

    public sealed class RateLimitWindowOptions
    {
        [Range(1, 1_000_000)]
        public int PermitLimit { get; set; }

        [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
        public TimeSpan Window { get; set; }
    }

    public sealed class AdministratorOptions
    {
        [Required]
        public string Tenant { get; set; } = "default";

        [Required]
        public string Login { get; set; } = "admin";

        /// <summary>
        /// For automated installs. When empty, a random first password is printed once to the console and
        /// must be changed at first login.
        /// </summary>
        public string? InitialPassword { get; set; }
    }
}
