namespace Docket.Contracts.Agents;

/// <summary>The machine as its agent described it in its last hello.</summary>
public sealed record AgentHostResponse(
    string HostName, string OperatingSystem, int ProcessorCount, long MemoryBytes, long DiskFreeBytes, IReadOnlyList<string> Gpus);
