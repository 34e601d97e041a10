namespace Docket.Agent.Files;

/// <summary>An upload's outcome: the bytes the server kept (their SHA-256 in lowercase hex and their size), or why not.</summary>
public sealed record FileUploadResult(string? Sha256, long Size, string? Detail)
{
    public bool Succeeded => Detail is null;

    public static FileUploadResult Done(string sha256, long size) => new(sha256, size, null);

    public static FileUploadResult Failed(string detail) => new(null, 0, detail);
}
