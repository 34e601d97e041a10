namespace Docket.Agent.Files;

/// <summary>
/// What a command gives the agent to upload one output of a run: the path on the server to PUT, the token to send
/// beside the agent's own key, and the most bytes the server takes (0: no limit of its own).
/// </summary>
public sealed record UploadTicket(string Path, string Token, long MaxBytes);
