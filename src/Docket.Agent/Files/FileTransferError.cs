namespace Docket.Agent.Files;

/// <summary>Why a download or an unzip failed, so a run can say which catalog error it was.</summary>
public enum FileTransferError
{
    /// <summary>The server refused the key or the token: unknown, expired, another agent's (401, 403, 404).</summary>
    Refused,

    /// <summary>The file, or what it belonged to, was removed on the server (410).</summary>
    Removed,

    /// <summary>The bytes do not have the SHA-256 the ticket names; the file was deleted.</summary>
    HashMismatch,

    /// <summary>The work folder's disk budget would be passed.</summary>
    DiskBudget,

    /// <summary>The server could not be reached, or kept failing, after the retries.</summary>
    Unreachable,

    /// <summary>The package is not a zip the agent accepts (a slip path, a bomb, a damaged or broken archive).</summary>
    BadArchive,
}
