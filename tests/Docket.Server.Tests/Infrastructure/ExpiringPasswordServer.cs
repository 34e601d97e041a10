namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose passwords last 30 days.</summary>
public sealed class ExpiringPasswordServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--Identity:Password:ExpiryDays=30"];
}
