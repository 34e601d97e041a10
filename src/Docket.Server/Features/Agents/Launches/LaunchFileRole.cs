namespace Docket.Server.Features.Agents.Launches;

/// <summary>What a file of a launch is for: where the agent unpacks it and which catalog step reports it.</summary>
public enum LaunchFileRole
{
    Script,
    ModelTemplate,
    Model,
    DataSet,
    TestDataSet,
}
