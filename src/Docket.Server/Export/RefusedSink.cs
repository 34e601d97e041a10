namespace Docket.Server.Export;

/// <summary>
/// Stands in for a sink whose stored settings cannot run: stored before a rule tightened (a path, a destination), or
/// holding a secret this server cannot decrypt. Every batch fails permanently with the reason, so the subscription
/// shows <c>Failing</c> with it until an operator changes the settings.
/// </summary>
internal sealed class RefusedSink(string reason) : IExportSink
{
    public Task<SinkResult> SendAsync(ExportBatch batch, CancellationToken cancellationToken) => Task.FromResult(SinkResult.Permanent(reason));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
