namespace Docket.Contracts.ModelTemplates;

/// <summary>
/// A model package (a zip) as stored: its size and SHA-256, by which agents download it and check what they got.
/// </summary>
public sealed record ModelPackageResponse(long Size, string Sha256, DateTime UploadedAt);
