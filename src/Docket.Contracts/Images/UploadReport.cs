namespace Docket.Contracts.Images;

/// <summary>What one upload did, file by file; its events share <see cref="OperationKey"/>.</summary>
public sealed record UploadReport(
    string OperationKey,
    IReadOnlyList<ImageResponse> Added,
    IReadOnlyList<UploadDuplicate> Duplicates,
    IReadOnlyList<UploadRefusal> Refused);
