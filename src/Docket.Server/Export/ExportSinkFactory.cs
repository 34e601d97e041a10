namespace Docket.Server.Export;

/// <summary>Builds sinks from the definitions registered for each <see cref="SinkKind"/>.</summary>
internal sealed class ExportSinkFactory(IEnumerable<ISinkDefinition> definitions, IServiceProvider services) : IExportSinkFactory
{
    private readonly Dictionary<SinkKind, ISinkDefinition> byKind = definitions.ToDictionary(d => d.Kind);

    public IExportSink Create(SinkKind kind, string settingsJson) => Definition(kind).Create(services, settingsJson);

    public string? Validate(SinkKind kind, string settingsJson) =>
        byKind.TryGetValue(kind, out var definition) ? definition.Validate(settingsJson, services) : $"the {kind} sink is not available in this build.";

    public string Redact(SinkKind kind, string settingsJson) =>
        byKind.TryGetValue(kind, out var definition) ? definition.Redact(settingsJson) : "{}";

    private ISinkDefinition Definition(SinkKind kind) =>
        byKind.TryGetValue(kind, out var definition) ? definition : throw new InvalidOperationException($"No {kind} sink is registered.");
}
