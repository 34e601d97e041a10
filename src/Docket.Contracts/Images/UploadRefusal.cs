namespace Docket.Contracts.Images;

/// <summary>A file or archive entry that was not added, and why (also recorded as 4004).</summary>
public sealed record UploadRefusal(string Name, string Reason);
