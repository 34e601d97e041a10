namespace Docket.Server.Features.Agents.Launches;

/// <summary>An output the agent uploaded and the end vouches for (its SHA-256 matched): a kept blob and its size.</summary>
public sealed record LaunchOutput(string BlobKey, long Size);
