namespace Docket.Contracts.Images;

/// <summary>Rename and/or turn an image; what is left out stays as it is.</summary>
public sealed record ImageUpdateRequest(string? Name, int? Rotation);
