namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose operator allows one cloud metadata address as an export destination.</summary>
public sealed class AllowedDestinationsServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--Export:AllowedDestinations:0=169.254.169.254"];
}
