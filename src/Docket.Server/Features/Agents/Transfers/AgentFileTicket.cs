namespace Docket.Server.Features.Agents.Transfers;

/// <summary>
/// What a command tells an agent so that it can download a file: the path to GET (relative to the server's address),
/// the token to send in <see cref="AgentFiles.TokenHeader"/> beside its own key, and what to check the bytes against.
/// The token is in a header, not the path, so that request logs and traces never hold it.
/// </summary>
public sealed record AgentFileTicket(string Path, string Token, string Sha256, long Size, string Name, DateTime ExpiresAt);
