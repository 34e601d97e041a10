namespace Docket.Contracts.TrainProcessTemplates;

/// <summary>Where training runs on the agent.</summary>
public enum TrainDevice
{
    Cpu,
    Gpu,
}
