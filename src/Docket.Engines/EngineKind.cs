namespace Docket.Engines;

/// <summary>What an engine is started for; each kind has its own script in the script folder.</summary>
public enum EngineKind
{
    Training,
    Evaluation,
    Inference,
}
