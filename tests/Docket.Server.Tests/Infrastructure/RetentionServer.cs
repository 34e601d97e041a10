namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server that keeps its journal for 30 days; its retention pass is run by the test, not the clock.</summary>
public sealed class RetentionServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--Journal:RetentionDays=30", "--Journal:RetentionInterval=1.00:00:00"];
}
