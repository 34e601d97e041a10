namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose live streams re-check their caller only every ten minutes: what ends them sooner is the in-process signal.</summary>
public sealed class SlowRecheckServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--Identity:StreamRecheckInterval=00:10:00"];
}
