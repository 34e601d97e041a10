namespace Docket.Server.Features.Agents.Transfers;

/// <summary>A file an agent may download now, opened from the blob store.</summary>
public sealed record AgentFileDownload(Stream Content, string Sha256, long Size, string Name, DateTime IssuedAt);
