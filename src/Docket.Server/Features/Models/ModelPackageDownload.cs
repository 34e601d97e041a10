namespace Docket.Server.Features.Models;

/// <summary>A version's package opened for download, with the model and version its events name.</summary>
public sealed record ModelPackageDownload(Model Model, ModelVersion Version, Stream Content)
{
    /// <summary>The name offered for the file and shown in its events (<c>Invoices v2</c>).</summary>
    public string Name => $"{Model.Name} v{Version.Number}";
}
