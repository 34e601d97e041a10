namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server with low sign-in rate limits: ten attempts a minute per client address, three per login from addresses it has not signed in from.</summary>
public sealed class SignInLimitServer : DocketServer
{
    public const int PerAddress = 10;
    public const int PerLogin = 3;

    protected override IEnumerable<string> Settings =>
    [
        $"--Identity:SignInLimits:PerAddress:PermitLimit={PerAddress}",
        "--Identity:SignInLimits:PerAddress:Window=00:01:00",
        $"--Identity:SignInLimits:PerLogin:PermitLimit={PerLogin}",
        "--Identity:SignInLimits:PerLogin:Window=00:01:00",
    ];
}
