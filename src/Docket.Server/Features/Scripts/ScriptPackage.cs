namespace Docket.Server.Features.Scripts;

/// <summary>
/// What an agent is given to fetch a script's package (<c>AgentFiles.IssueAsync</c>): its blob, the size and SHA-256
/// it checks, and the name it is saved under.
/// </summary>
public sealed record ScriptPackage(string BlobKey, long Size, string Sha256, string DownloadName);
