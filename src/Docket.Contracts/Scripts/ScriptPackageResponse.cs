namespace Docket.Contracts.Scripts;

/// <summary>
/// A script package (a zip) as stored: its size and SHA-256, by which agents download it and check what they got, and
/// which of the engine contract's launch scripts it holds at its root.
/// </summary>
public sealed record ScriptPackageResponse(long Size, string Sha256, DateTime UploadedAt, IReadOnlyList<string> Scripts);
