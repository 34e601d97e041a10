namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose lockouts last two seconds, so a test can see one end.</summary>
public sealed class ShortLockoutServer : DocketServer
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    protected override IEnumerable<string> Settings => [$"--Identity:Lockout:Duration={Duration}"];
}
