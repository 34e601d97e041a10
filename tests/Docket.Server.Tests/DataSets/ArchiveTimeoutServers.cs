using Docket.Server.Tests.Infrastructure;

namespace Docket.Server.Tests.DataSets;

/// <summary>A server whose archive builds time out at once (<c>DataSet:ArchivateTimeout</c>).</summary>
public sealed class ArchiveTimeoutServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--DataSet:ArchivateTimeout=00:00:00.001"];
}

/// <summary>The same, configured with the catalog's spelling of the section (<c>DateSet:ArchivateTimeout</c>).</summary>
public sealed class CatalogSpelledArchiveTimeoutServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--DateSet:ArchivateTimeout=00:00:00.001"];
}
