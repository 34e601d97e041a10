namespace Docket.Server.Export;

/// <summary>
/// Where an export subscription delivers. One file per sink under <c>Export/Sinks</c>. A sink sends one batch and
/// says how it went; it never retries by itself (the subscription runner owns retries, back-off and the cursor).
/// </summary>
public interface IExportSink : IAsyncDisposable
{
    /// <summary>Delivers the batch. <see cref="SinkOutcome.Delivered"/> only once the receiver confirmed it.</summary>
    Task<SinkResult> SendAsync(ExportBatch batch, CancellationToken cancellationToken);
}
