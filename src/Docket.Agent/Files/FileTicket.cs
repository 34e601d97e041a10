namespace Docket.Agent.Files;

/// <summary>
/// What a command gives the agent to download one file: the path on the server to GET, the token to send beside the
/// agent's own key, the SHA-256 the bytes must have (lowercase hex), their size, and the name to save them under.
/// The server's <c>AgentFileTicket</c>, as the stream carries it.
/// </summary>
public sealed record FileTicket(string Path, string Token, string Sha256, long Size, string Name);
