namespace Docket.Engines.Messages;

public enum EngineResultStatus
{
    Succeeded,
    Failed,
}
