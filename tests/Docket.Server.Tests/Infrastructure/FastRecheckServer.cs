namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose live streams re-check their caller twice a second: a change another replica made reaches them that way.</summary>
public sealed class FastRecheckServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--Identity:StreamRecheckInterval=00:00:00.5"];
}
