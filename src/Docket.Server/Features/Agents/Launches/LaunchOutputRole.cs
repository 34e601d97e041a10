namespace Docket.Server.Features.Agents.Launches;

/// <summary>What a run leaves that the agent uploads before it reports the end.</summary>
public enum LaunchOutputRole
{
    /// <summary>Training: the engine's output/model/ zipped, the package of the new model version.</summary>
    ModelPackage,

    /// <summary>Test run: output/predictions.ndjson, one line per page.</summary>
    Predictions,
}
