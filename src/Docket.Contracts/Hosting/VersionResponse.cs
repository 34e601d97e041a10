namespace Docket.Contracts.Hosting;

public sealed record VersionResponse(string Name, string Version, string NodeId, string Storage);
