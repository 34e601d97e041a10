namespace Docket.Testing;

/// <summary>Settings the fixtures' servers share, in process and as processes.</summary>
public static class ServerSettings
{
    /// <summary>The Administrator's first password (<c>Identity:Administrator:InitialPassword</c>).</summary>
    public const string AdminPassword = "Admin-Passw0rd!";

    /// <summary>
    /// What makes a test server cheap to talk to. The production password cost (210,000) is checked by
    /// PasswordHasher's own test; here it would only slow every login. Test classes sign in hundreds of times a
    /// minute from 127.0.0.1; SignInLimitServer tests the limits.
    /// </summary>
    public static IReadOnlyList<string> ForTests { get; } =
    [
        "--Identity:PasswordHashIterations=10000",
        "--Identity:SignInLimits:PerAddress:PermitLimit=1000000",
        "--Identity:SignInLimits:PerLogin:PermitLimit=1000000",
    ];

    /// <summary>Warnings only, and EF Core's errors: a failed test's output stays readable.</summary>
    public static IReadOnlyList<string> QuietLogs { get; } =
    [
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Error",
    ];
}
