namespace Docket.Agent.Files;

/// <summary>A download's or an unzip's outcome: the path it produced, or why not, in words for the run's error event.</summary>
public sealed record FileTransferResult(string? Path, FileTransferError? Error, string? Detail)
{
    public bool Succeeded => Error is null;

    public static FileTransferResult Done(string path) => new(path, null, null);

    public static FileTransferResult Failed(FileTransferError error, string detail) => new(null, error, detail);
}
