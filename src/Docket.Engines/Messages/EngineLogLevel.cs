namespace Docket.Engines.Messages;

public enum EngineLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
