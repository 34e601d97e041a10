namespace Docket.Contracts.Images;

/// <summary>A file whose content the project already has: nothing new was added for it.</summary>
public sealed record UploadDuplicate(string Name, IReadOnlyList<Guid> ExistingImageIds);
