namespace Docket.Server.Export;

/// <summary>Builds the sink a subscription names from its stored settings, and checks settings before they are stored.</summary>
public interface IExportSinkFactory
{
    IExportSink Create(SinkKind kind, string settingsJson);

    /// <summary>Null when the settings are complete and valid; otherwise what is wrong, for a 400 answer.</summary>
    string? Validate(SinkKind kind, string settingsJson);

    /// <summary>The settings as the API shows them: secrets (tokens, HMAC secrets) replaced by <c>"***"</c>.</summary>
    string Redact(SinkKind kind, string settingsJson);
}
