using Docket.Contracts.Export;
namespace Docket.Server.Export;

/// <summary>One kind of sink, as <see cref="ExportSinkFactory"/> uses it; <see cref="SinkDefinition{TOptions}"/> is the only implementation.</summary>
public interface ISinkDefinition
{
    SinkKind Kind { get; }

    IExportSink Create(IServiceProvider services, string settingsJson, SinkOwner owner);

    string? Validate(string settingsJson, SinkOwner? owner = null, IServiceProvider? services = null);

    string Redact(string settingsJson);

    /// <summary>
    /// The incoming settings with each secret sent back as <c>"***"</c> replaced by the stored one (both in clear). A
    /// <c>"***"</c> with nothing stored to keep, or kept while the destination changes, adds an error under
    /// <c>settings.&lt;option&gt;</c>.
    /// </summary>
    string KeepSecrets(string incomingJson, string? storedJson, IDictionary<string, string[]> errors);

    bool IsSecret(string option);
}
