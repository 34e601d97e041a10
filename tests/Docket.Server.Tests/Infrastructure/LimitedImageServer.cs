namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server with small upload limits, and a blob collector with no grace period that the test runs itself.</summary>
public sealed class LimitedImageServer : DocketServer
{
    protected override IEnumerable<string> Settings =>
    [
        "--ImageData:MaxUploadBytes=300000",
        "--ImageData:MaxPixels=40000",
        "--ImageData:MaxPages=2",
        "--ImageData:Archive:MaxEntries=4",
        "--ImageData:Archive:MaxTotalBytes=150000",
        "--Blobs:CollectGracePeriod=00:00:00",
        "--Blobs:CollectInterval=30.00:00:00",
    ];
}
