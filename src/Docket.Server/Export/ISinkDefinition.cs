namespace Docket.Server.Export;

public interface ISinkDefinition
{
    SinkKind Kind { get; }

    IExportSink Create(IServiceProvider services, string settingsJson);

    string? Validate(string settingsJson, IServiceProvider? services = null);

    string Redact(string settingsJson);
}
